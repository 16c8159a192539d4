namespace Pulse.Data.Entities;

public sealed class ApiKey
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>SHA-256 of the secret; the secret itself is shown once, at creation, and never stored.</summary>
    public required byte[] SecretHash { get; set; }

    /// <summary>One of <see cref="ApiKeyScopes"/>.</summary>
    public required string Scope { get; set; }

    /// <summary>Events this key may post per minute; null: the default for keys (<c>Pulse:Ingest:KeyEventsPerMinute</c>).</summary>
    public int? EventsPerMinute { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

public static class ApiKeyScopes
{
    /// <summary>May post events.</summary>
    public const string Ingest = "ingest";

    /// <summary>May read what an analyst reads (analytics, reports, realtime, pipeline state), and write nothing.</summary>
    public const string Read = "read";

    /// <summary>May do what an admin does: read everything, manage users, keys and roles, operate the pipeline, post events.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Ingest, Read, Admin];
}

namespace Pulse.Contracts.Privacy;

/// <summary>What an erasure request does to a person's data.</summary>
public static class ErasureModes
{
    /// <summary>
    /// The person, their posts and their raw events are deleted everywhere; what they did to other
    /// people's posts stays in those posts' totals as anonymous counts.
    /// </summary>
    public const string Erase = "erase";

    /// <summary>
    /// Everything stays and keeps counting, but a salted hash of the user id (a negative id that no
    /// account can have) replaces the user id everywhere, and the account's identity is removed.
    /// </summary>
    public const string Anonymise = "anonymise";

    public static readonly IReadOnlyList<string> All = [Erase, Anonymise];
}

/// <summary>Where an erasure job is.</summary>
public static class ErasureStates
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
}

/// <summary>The stores a receipt reports on, one entry each.</summary>
public static class ErasureStores
{
    public const string Stream = "stream";
    public const string DeadLetters = "deadLetters";
    public const string MongoDb = "mongodb";
    public const string PostgreSql = "postgresql";
    public const string Redis = "redis";
}

/// <summary>Body of <c>POST /api/users/{id}/erasure</c>.</summary>
/// <param name="Mode">One of <see cref="ErasureModes"/>.</param>
/// <param name="Password">The person's own password, when they ask for themselves (an admin needs none).</param>
public sealed record ErasureRequest(string? Mode, string? Password);

/// <summary>An erasure job and, once it ran, its receipt.</summary>
/// <param name="Step">The step it is at or waiting in while running (see the runbook); null once completed.</param>
/// <param name="Waiting">What the running step waits for, when it waits (a consumer group, a store that is down).</param>
/// <param name="LastError">Why the latest attempt stopped, when it failed (the job is tried again from its step).</param>
/// <param name="Receipt">Per store (<see cref="ErasureStores"/>), what was deleted or changed, by what.</param>
public sealed record ErasureJobResponse(
    long Id,
    long UserId,
    string Mode,
    string State,
    string? Step,
    string? Waiting,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int Attempts,
    string? LastError,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Receipt);

/// <summary>Configuration keys of erasure that the AppHost sets.</summary>
public static class ErasureSettings
{
    /// <summary>The platform's secret salt of pseudonyms (the Ingestor's, from the AppHost parameter <c>pulse-pseudonym-salt</c>).</summary>
    public const string PseudonymSaltKey = "Pulse:Erasure:PseudonymSalt";
}

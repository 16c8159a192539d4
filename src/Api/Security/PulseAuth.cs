namespace Pulse.Api.Security;

/// <summary>Pulse's authentication schemes, claims and authorization policies.</summary>
public static class PulseAuth
{
    /// <summary>Picks <see cref="ApiKeyScheme"/> or <see cref="SessionScheme"/> by the credentials a request carries.</summary>
    public const string Scheme = "Pulse";
    public const string ApiKeyScheme = "ApiKey";
    public const string SessionScheme = "Session";

    public const string ScopeClaim = "pulse:scope";
    public const string UserIdClaim = "pulse:user_id";
    public const string RoleClaim = "pulse:role";
    public const string KeyIdClaim = "pulse:key_id";

    /// <summary>An API key's own event budget, when it has one.</summary>
    public const string EventsPerMinuteClaim = "pulse:events_per_minute";

    /// <summary>Any signed-in user (a session), whatever their role; no API key.</summary>
    public const string MemberPolicy = "member";

    /// <summary>A signed-in user acting as themselves, or an admin (session or key) acting for anyone.</summary>
    public const string MemberOrAdminPolicy = "member-or-admin";

    /// <summary>Analytics, reports, realtime and pipeline reads: an analyst or admin session, or a read or admin key.</summary>
    public const string AnalystPolicy = "analyst";

    /// <summary>Users, keys, roles, dead-letter replay, the audit log: an admin session or an admin key.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Post events: an ingest or admin key, or any signed-in user (their own events).</summary>
    public const string IngestPolicy = "ingest";

    public static readonly IReadOnlyList<string> Policies = [MemberPolicy, MemberOrAdminPolicy, AnalystPolicy, AdminPolicy, IngestPolicy];
}

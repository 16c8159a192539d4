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
    public const string KeyIdClaim = "pulse:key_id";

    /// <summary>Read analytics; manage users, posts and keys. Admin keys may also ingest.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Post events: an ingest or admin key, or a signed-in user.</summary>
    public const string IngestPolicy = "ingest";

    /// <summary>A signed-in user (session), or an admin key acting for anyone.</summary>
    public const string UserOrAdminPolicy = "user-or-admin";

    /// <summary>A signed-in user (session) only.</summary>
    public const string SessionPolicy = "session";
}

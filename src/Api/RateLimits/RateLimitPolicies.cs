namespace Pulse.Api.RateLimits;

/// <summary>The rate-limit policies route groups choose from; limits come from configuration.</summary>
public static class RateLimitPolicies
{
    /// <summary>Most routes.</summary>
    public const string Default = "default";

    /// <summary>Window-function queries: costlier than a lookup.</summary>
    public const string Analytics = "analytics";

    /// <summary>Sign-in, per client IP: slows password guessing.</summary>
    public const string SignIn = "sign-in";

    /// <summary>Event ingestion: high volume by design.</summary>
    public const string Ingest = "ingest";

    public static readonly IReadOnlyList<string> All = [Default, Analytics, SignIn, Ingest];
}

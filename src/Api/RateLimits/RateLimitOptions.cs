using System.ComponentModel.DataAnnotations;

namespace Pulse.Api.RateLimits;

/// <summary>
/// Limits per policy, from <c>Pulse:RateLimits:{policy}</c>: each caller (an API key, a signed-in
/// user, or an anonymous client IP) may make <see cref="PolicyLimit.PermitLimit"/> requests per
/// <see cref="PolicyLimit.WindowSeconds"/>, counted in Redis so every Api replica shares them.
/// </summary>
public sealed class RateLimitOptions : IValidatableObject
{
    public const string SectionName = "Pulse:RateLimits";

    public PolicyLimit Default { get; set; } = new() { PermitLimit = 600, WindowSeconds = 60 };

    public PolicyLimit Analytics { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    public PolicyLimit SignIn { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    public PolicyLimit Ingest { get; set; } = new() { PermitLimit = 6000, WindowSeconds = 60 };

    public PolicyLimit For(string policy) => policy switch
    {
        RateLimitPolicies.Default => Default,
        RateLimitPolicies.Analytics => Analytics,
        RateLimitPolicies.SignIn => SignIn,
        RateLimitPolicies.Ingest => Ingest,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "No such rate-limit policy."),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        RateLimitPolicies.All
            .Where(policy => For(policy) is not { PermitLimit: > 0, WindowSeconds: > 0 and <= 3600 })
            .Select(policy => new ValidationResult($"{SectionName}:{policy}: PermitLimit must be positive and WindowSeconds between 1 and 3600."));
}

public sealed class PolicyLimit
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }
}

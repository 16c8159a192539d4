using System.ComponentModel.DataAnnotations;

namespace Pulse.Api.RateLimits;

/// <summary>
/// Limits per policy, from <c>Pulse:RateLimits:{policy}</c>: each caller (a presented API key or
/// session token, by its hash, or without one the client address) may make
/// <see cref="PolicyLimit.PermitLimit"/> requests per <see cref="PolicyLimit.WindowSeconds"/>; and
/// every client address at most <see cref="PerIp"/> requests in all. Counted in Redis so every Api
/// replica shares them.
/// </summary>
public sealed class RateLimitOptions : IValidatableObject
{
    public const string SectionName = "Pulse:RateLimits";

    public PolicyLimit Default { get; set; } = new() { PermitLimit = 600, WindowSeconds = 60 };

    public PolicyLimit Analytics { get; set; } = new() { PermitLimit = 120, WindowSeconds = 60 };

    public PolicyLimit SignIn { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    public PolicyLimit Ingest { get; set; } = new() { PermitLimit = 6000, WindowSeconds = 60 };

    /// <summary>
    /// Every request from one client address (an IPv6 one by its /64), whatever its route or
    /// credentials, counted before authentication: a client trying many keys or tokens gets a
    /// fresh allowance per credential from the policies, but not from this. The default, 20,000 a
    /// minute (333/s), is high on purpose: on a developer machine the Web, the simulator
    /// (<c>pulse-loadgen simulate</c>, ~200 events/s in batches), the benchmarks and every test reach
    /// the Api from 127.0.0.1, the simulator's ingest allowance alone is 6,000 a minute, and all of the
    /// Web's users arrive from the Web's address. It stops one address from hammering the Api with
    /// guessed credentials (or anything else); behind a proxy (<c>Pulse:Network</c>) lower it to what one
    /// real client needs, keeping the Web's address in mind.
    /// </summary>
    public PolicyLimit PerIp { get; set; } = new() { PermitLimit = 20_000, WindowSeconds = 60 };

    public PolicyLimit For(string policy) => policy switch
    {
        RateLimitPolicies.Default => Default,
        RateLimitPolicies.Analytics => Analytics,
        RateLimitPolicies.SignIn => SignIn,
        RateLimitPolicies.Ingest => Ingest,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "No such rate-limit policy."),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        RateLimitPolicies.All.Select(policy => (Name: policy, Limit: For(policy)))
            .Append((Name: nameof(PerIp), Limit: PerIp))
            .Where(policy => policy.Limit is not { PermitLimit: > 0, WindowSeconds: > 0 and <= 3600 })
            .Select(policy => new ValidationResult($"{SectionName}:{policy.Name}: PermitLimit must be positive and WindowSeconds between 1 and 3600."));
}

public sealed class PolicyLimit
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; }
}

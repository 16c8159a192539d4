using System.ComponentModel.DataAnnotations;

namespace Pulse.Api.Security.SignIn;

/// <summary>
/// Throttling of failed sign-ins, from <c>Pulse:SignIn</c>: after <see cref="AccountFailureThreshold"/>
/// failures for one handle, or <see cref="AddressFailureThreshold"/> from one client address, each
/// further attempt waits <see cref="BaseDelaySeconds"/>, doubled for every failure past the threshold,
/// at most <see cref="MaxDelaySeconds"/>. Failures are forgotten <see cref="FailureWindowMinutes"/>
/// after the last one, and an account's at its next successful sign-in.
/// </summary>
public sealed class SignInOptions : IValidatableObject
{
    public const string SectionName = "Pulse:SignIn";

    [Range(1, 1000)]
    public int AccountFailureThreshold { get; set; } = 5;

    /// <summary>Higher than the account's: many people may sign in from one address (an office, a mobile carrier's NAT).</summary>
    [Range(1, 100_000)]
    public int AddressFailureThreshold { get; set; } = 20;

    [Range(1, 3600)]
    public int BaseDelaySeconds { get; set; } = 1;

    [Range(1, 24 * 3600)]
    public int MaxDelaySeconds { get; set; } = 15 * 60;

    [Range(1, 7 * 24 * 60)]
    public int FailureWindowMinutes { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxDelaySeconds < BaseDelaySeconds)
        {
            yield return new ValidationResult($"{SectionName}:MaxDelaySeconds must be at least BaseDelaySeconds.", [nameof(MaxDelaySeconds)]);
        }
        if (MaxDelaySeconds > FailureWindowMinutes * 60)
        {
            yield return new ValidationResult($"{SectionName}:FailureWindowMinutes must be at least MaxDelaySeconds: failures must be remembered while their delay runs.", [nameof(FailureWindowMinutes)]);
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace Pulse.Api.Notifications;

/// <summary>Open notification streams, from <c>Pulse:Notifications</c>.</summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string SectionName = "Pulse:Notifications";

    /// <summary>How often an open stream checks that its session still exists; a revoked or expired session's stream ends within this.</summary>
    [Range(1, 60)]
    public int SessionCheckSeconds { get; set; } = 2;

    /// <summary>Streams one user may hold open at once (tabs, devices), over every replica.</summary>
    [Range(1, 100)]
    public int MaxStreamsPerUser { get; set; } = 5;

    /// <summary>
    /// How long a stream's place is held without renewal (each check renews it): the place of a
    /// stream whose replica died frees itself after this.
    /// </summary>
    [Range(2, 3600)]
    public int StreamLeaseSeconds { get; set; } = 30;

    public TimeSpan SessionCheck => TimeSpan.FromSeconds(SessionCheckSeconds);

    public TimeSpan StreamLease => TimeSpan.FromSeconds(StreamLeaseSeconds);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StreamLeaseSeconds < 2 * SessionCheckSeconds)
        {
            yield return new ValidationResult($"{SectionName}:StreamLeaseSeconds must be at least twice SessionCheckSeconds, or a slow check lets a live stream's lease lapse.", [nameof(StreamLeaseSeconds)]);
        }
    }
}

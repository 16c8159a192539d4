using System.ComponentModel.DataAnnotations;

namespace Pulse.Ingestor.EventLog;

/// <summary>Settings of the MongoDB event log, under <c>Pulse:EventLog</c>.</summary>
public sealed class EventLogOptions : IValidatableObject
{
    public const string SectionName = "Pulse:EventLog";

    /// <summary>
    /// How long raw events are kept after their timestamp (the TTL index's <c>expireAfterSeconds</c>);
    /// changing it updates the index in place at the next start.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00", ErrorMessage = "Pulse:EventLog:Retention must lie between 1 hour and 3650 days.")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The TTL index keeps whole seconds: a fraction would be dropped on create and differ on <c>collMod</c>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Retention.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            yield return new ValidationResult($"Pulse:EventLog:Retention must be whole seconds; {Retention} is not.", [nameof(Retention)]);
        }
    }
}

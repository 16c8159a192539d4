using System.ComponentModel.DataAnnotations;
using Pulse.Contracts.Events;

namespace Pulse.ServiceDefaults.Retention;

/// <summary>
/// How long each store keeps what ages, in one section, <c>Pulse:Retention</c>, read by the Api
/// (the Redis keys its event script writes) and the Ingestor (MongoDB's TTL index, the PostgreSQL
/// pruners). It lives in ServiceDefaults, which both reference, rather than in Contracts: its range
/// attributes on TimeSpan are not trim-safe, and Contracts is. The stream has no
/// setting: it keeps only entries some group has not acknowledged (docs/operations.md says why an
/// age limit there would lose events).
/// </summary>
public sealed class RetentionOptions : IValidatableObject
{
    public const string SectionName = "Pulse:Retention";

    /// <summary>The longest window the Api's PostgreSQL analytics read (<c>AnalyticsApi.MaxDays</c>, a test ties them).</summary>
    public static readonly TimeSpan LongestAnalyticsWindow = TimeSpan.FromDays(365);

    /// <summary>The per-minute counts the Api reads back: the last 24 hours (<c>EventMinutes.PerDay</c>).</summary>
    public static readonly TimeSpan LongestMinuteRead = TimeSpan.FromHours(24);

    /// <summary>The 24-hour trending window plus the hour bucket it slides over (<c>TrendingWindows</c>).</summary>
    public static readonly TimeSpan LongestTrendingRead = TimeSpan.FromHours(25);

    /// <summary>Raw events in MongoDB, after their timestamp: the TTL index's <c>expireAfterSeconds</c>.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00", ErrorMessage = "Pulse:Retention:RawEvents must lie between 1 hour and 3650 days.")]
    public TimeSpan RawEvents { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Applied event ids in PostgreSQL's <c>ingested_events</c>. An id replayed later than this is
    /// counted again, so it is at least the Api's accepted timestamp window.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "Pulse:Retention:DedupeIds must lie between 0 and 365 days.")]
    public TimeSpan DedupeIds { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Rows of <c>post_daily_stats</c> and <c>user_daily_activity</c> whose day is older than this,
    /// in whole days; null keeps them forever.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ErrorMessage = "Pulse:Retention:DailyTables must lie between 0 and 3650 days, or be empty to keep them forever.")]
    public TimeSpan? DailyTables { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Rows of <c>user_hourly_activity</c> older than this, in whole days; null keeps them forever.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ErrorMessage = "Pulse:Retention:HourlyTable must lie between 0 and 3650 days, or be empty to keep it forever.")]
    public TimeSpan? HourlyTable { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Redis' count of events accepted per minute, from the minute's last event.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00", ErrorMessage = "Pulse:Retention:MinuteCounts must lie between 0 and 30 days.")]
    public TimeSpan MinuteCounts { get; set; } = TimeSpan.FromHours(25);

    /// <summary>Redis' trending hour buckets, from the start of their hour.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00", ErrorMessage = "Pulse:Retention:TrendingHours must lie between 0 and 30 days.")]
    public TimeSpan TrendingHours { get; set; } = TimeSpan.FromHours(25);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The TTL index keeps whole seconds: a fraction would be dropped on create and differ on collMod.
        if (RawEvents.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            yield return Invalid(nameof(RawEvents), $"must be whole seconds; {RawEvents} is not.");
        }
        if (DedupeIds < EventWindow.DefaultMaxAge)
        {
            yield return Invalid(nameof(DedupeIds),
                $"must be at least {EventWindow.DefaultMaxAge.TotalDays:0} days, the oldest event timestamp the Api accepts: an id forgotten sooner could be counted twice; {DedupeIds} is shorter.");
        }
        foreach (var (name, value) in new[] { (nameof(DailyTables), DailyTables), (nameof(HourlyTable), HourlyTable) })
        {
            if (value is not { } kept)
            {
                continue;
            }
            if (kept.Ticks % TimeSpan.TicksPerDay != 0)
            {
                yield return Invalid(name, $"must be whole days (or empty to keep forever); {kept} is not.");
            }
            if (kept < LongestAnalyticsWindow)
            {
                yield return Invalid(name,
                    $"must be at least {LongestAnalyticsWindow.TotalDays:0} days, the longest window the Api's analytics read (or empty to keep forever); {kept} is shorter.");
            }
        }
        if (MinuteCounts < LongestMinuteRead)
        {
            yield return Invalid(nameof(MinuteCounts),
                $"must be at least {LongestMinuteRead.TotalHours:0} hours, the minutes the Api reads back; {MinuteCounts} is shorter.");
        }
        if (TrendingHours < LongestTrendingRead)
        {
            yield return Invalid(nameof(TrendingHours),
                $"must be at least {LongestTrendingRead.TotalHours:0} hours, the 24-hour trending window and the hour bucket it slides over; {TrendingHours} is shorter.");
        }
    }

    public static string Key(string property) => $"{SectionName}:{property}";

    private static ValidationResult Invalid(string property, string rule) => new($"{Key(property)} {rule}", [property]);
}

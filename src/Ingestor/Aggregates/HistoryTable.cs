using Pulse.ServiceDefaults.Retention;

namespace Pulse.Ingestor.Aggregates;

/// <summary>
/// An aggregate table whose rows age by a day or an hour column, and which part of
/// <c>Pulse:Retention</c> says how long they are kept (null: forever).
/// </summary>
public sealed record HistoryTable(string Name, string Key, string TimeColumn, bool TimestampColumn, Func<RetentionOptions, TimeSpan?> KeptFor)
{
    // user_follower_days is not here: its running totals sum every day before the window, so
    // deleting old days would change every later total.
    public static IReadOnlyList<HistoryTable> All { get; } =
    [
        new("post_daily_stats", "post_id, day", "day", TimestampColumn: false, retention => retention.DailyTables),
        new("user_daily_activity", "user_id, day", "day", TimestampColumn: false, retention => retention.DailyTables),
        new("user_hourly_activity", "user_id, hour", "hour", TimestampColumn: true, retention => retention.HourlyTable),
    ];

    /// <summary>Whether any row is older than the cutoff (one index probe, or a scan until the first such row).</summary>
    public string AnyOlderSql => $"select exists (select 1 from {Name} where {TimeColumn} < @cutoff)";

    /// <summary>
    /// Deletes at most @limit rows older than the cutoff, skipping rows the Ingestor's upserts hold,
    /// so it never makes ingestion wait.
    /// </summary>
    public string DeleteOlderSql => $"""
        delete from {Name}
        where ({Key}) in (
            select {Key} from {Name}
            where {TimeColumn} < @cutoff
            limit @limit
            for update skip locked)
        """;

    /// <summary>
    /// The first UTC day kept at <paramref name="now"/>: rows of days before it go. A window of the
    /// kept days ending today still reads whole days.
    /// </summary>
    public static DateOnly FirstDayKept(DateTimeOffset now, TimeSpan keptFor) =>
        DateOnly.FromDateTime(now.UtcDateTime).AddDays(-(int)keptFor.TotalDays);
}

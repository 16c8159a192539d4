using System.Globalization;

namespace Pulse.Ops.Backfill;

/// <summary>The days an aggregates backfill replaces: what was asked, with defaults, refused where the event log cannot rebuild them.</summary>
public static class BackfillRange
{
    /// <summary>
    /// <paramref name="from"/> defaults to the event log's first whole day, <paramref name="to"/> to
    /// today (UTC). Refuses a range that starts before the first whole day: those days' aggregates
    /// hold events the log no longer has (or never had, like a seed's history).
    /// </summary>
    public static DayRange Resolve(DateOnly? from, DateOnly? to, EventLogSpan span, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(span);
        var firstWholeDay = span.FirstWholeDay(now);
        var start = from ?? firstWholeDay;
        var end = to ?? DayRange.DayOf(now);
        if (start < firstWholeDay)
        {
            throw new BackfillRefusedException(
                $"--from {Day(start)} is before {Day(firstWholeDay)}, the first day the event log holds whole ({span.Reason}): " +
                "rebuilding earlier days would drop the counts of events it no longer has.");
        }
        if (start > end)
        {
            throw new BackfillRefusedException(
                $"Nothing to rebuild: the first day to rebuild, {Day(start)}, is after --to {Day(end)} (the event log holds whole days from {Day(firstWholeDay)}).");
        }
        return new DayRange(start, end);
    }

    private static string Day(DateOnly day) => day.ToString(DayRange.DayFormat, CultureInfo.InvariantCulture);
}

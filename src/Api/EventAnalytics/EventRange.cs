using Pulse.Api.Problems;

namespace Pulse.Api.EventAnalytics;

/// <summary>A time range of events: <see cref="From"/> inclusive, <see cref="To"/> exclusive.</summary>
public readonly record struct EventRange(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The range when none is given: the last 7 days.</summary>
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(7);

    /// <summary>The widest range one query may scan: the event log's default retention.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(90);

    /// <summary>
    /// The range asked for, with the defaults filled in (<c>to</c> is now, <c>from</c> is
    /// <see cref="DefaultSpan"/> before <c>to</c>); null, with the reasons added to
    /// <paramref name="errors"/>, when a date is outside <see cref="DateBounds"/> or the range is
    /// empty, reversed or wider than <see cref="MaxSpan"/>.
    /// </summary>
    public static EventRange? Resolve(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.InDateRange("from", from);
        errors.InDateRange("to", to);
        if (errors.Any)
        {
            return null;
        }
        var end = to ?? now;
        var start = from ?? end - DefaultSpan;
        if (start >= end)
        {
            errors.Add("from", $"Must be earlier than 'to' ({end:O}); 'from' is inclusive, 'to' exclusive.");
            return null;
        }
        if (end - start > MaxSpan)
        {
            errors.Add("to", $"Must be at most {MaxSpan.TotalDays:0} days after 'from' ({start:O}).");
            return null;
        }
        return new EventRange(start, end);
    }
}

using System.Globalization;
using MongoDB.Bson;
using Pulse.Contracts.EventLog;

namespace Pulse.Ops.Backfill;

/// <summary>
/// Which days the event log still holds whole: from its oldest event on, and where a TTL index
/// expires events (the Ingestor's <c>Pulse:Retention:RawEvents</c>), only the days after the one
/// being expired now. Rebuilding a day the log holds in part would replace its aggregates with
/// the counts of the events that are left.
/// </summary>
public sealed record EventLogSpan(DateTimeOffset Oldest, TimeSpan? Retention)
{
    public DateOnly FirstWholeDay(DateTimeOffset now)
    {
        var oldestDay = DayRange.DayOf(Oldest);
        if (Retention is not { } retention)
        {
            return oldestDay;
        }
        var expiringDay = DayRange.DayOf(now - retention);
        return oldestDay > expiringDay ? oldestDay : expiringDay.AddDays(1);
    }

    /// <summary>Why the log holds no whole days before <see cref="FirstWholeDay"/>, for messages.</summary>
    public string Reason => Retention is { } retention
        ? string.Create(CultureInfo.InvariantCulture, $"events expire {retention.TotalDays:0.##} days after their timestamp")
        : string.Create(CultureInfo.InvariantCulture, $"its oldest event is from {Oldest.UtcDateTime:yyyy-MM-dd HH:mm}Z");

    /// <summary>The retention of a TTL index on the timestamp alone, from <c>listIndexes</c>' answer; null when there is none.</summary>
    public static TimeSpan? RetentionOf(IEnumerable<BsonDocument> indexes)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        foreach (var index in indexes)
        {
            if (index.TryGetValue("key", out var key) && key is BsonDocument { ElementCount: 1 } keys
                && keys.GetElement(0).Name == EventLogFields.Timestamp
                && index.TryGetValue("expireAfterSeconds", out var seconds) && seconds.IsNumeric)
            {
                return TimeSpan.FromSeconds(seconds.ToDouble());
            }
        }
        return null;
    }
}

using MongoDB.Bson;
using Pulse.Contracts.EventLog;

namespace Pulse.Ops.Backfill;

/// <summary>
/// How many events of one type one key (a post, or a user) had on one UTC day: a row of the event
/// log's grouping (<see cref="EventLogCounts"/>), and what the PostgreSQL half of the aggregates
/// backfill takes in.
/// </summary>
public readonly record struct DailyEventCount(long Key, DateOnly Day, string Type, long Events)
{
    /// <summary>
    /// One <c>$group</c> output document: <c>{ _id: { &lt;keyField&gt;, day, type }, events }</c>.
    /// Null when the key is missing (no such event is accepted, but the log is not ours alone).
    /// </summary>
    public static DailyEventCount? FromGroup(BsonDocument group, string keyField)
    {
        ArgumentNullException.ThrowIfNull(group);
        var id = group["_id"].AsBsonDocument;
        if (!id.TryGetValue(keyField, out var key) || !key.IsNumeric)
        {
            return null;
        }
        return new DailyEventCount(key.ToInt64(), EventLogCounts.DayOf(id), id[EventLogFields.Type].AsString, group[EventLogCounts.Output.Events].ToInt64());
    }
}

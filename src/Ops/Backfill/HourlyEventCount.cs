using MongoDB.Bson;
using Pulse.Contracts.EventLog;

namespace Pulse.Ops.Backfill;

/// <summary>
/// How many events one user made in one UTC hour: a row of <see cref="EventLogCounts.PerUserHour"/>,
/// and what the backfill writes to <c>user_hourly_activity</c>.
/// </summary>
public readonly record struct HourlyEventCount(long UserId, DateTimeOffset Hour, long Events)
{
    /// <summary>One <c>$group</c> output document: <c>{ _id: { userId, hour }, events }</c>; null without a user id.</summary>
    public static HourlyEventCount? FromGroup(BsonDocument group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var id = group["_id"].AsBsonDocument;
        if (!id.TryGetValue(EventLogFields.UserId, out var user) || !user.IsNumeric)
        {
            return null;
        }
        return new HourlyEventCount(user.ToInt64(), EventLogCounts.TimeOf(id[EventLogCounts.Output.Hour]), group[EventLogCounts.Output.Events].ToInt64());
    }
}

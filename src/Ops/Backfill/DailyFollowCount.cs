using MongoDB.Bson;
using Pulse.Contracts.EventLog;

namespace Pulse.Ops.Backfill;

/// <summary>
/// How many <c>user_follow</c> events one user sent for one target on one UTC day, and the latest
/// of them (a row of <see cref="EventLogCounts.FollowsPerUserDay"/>).
/// </summary>
public readonly record struct DailyFollowCount(long UserId, long TargetUserId, DateOnly Day, long Events, DateTimeOffset LastAt)
{
    /// <summary>One <c>$group</c> output document; null when a key is missing.</summary>
    public static DailyFollowCount? FromGroup(BsonDocument group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var id = group["_id"].AsBsonDocument;
        if (!id.TryGetValue(EventLogFields.UserId, out var user) || !user.IsNumeric
            || !id.TryGetValue(EventLogFields.TargetUserId, out var target) || !target.IsNumeric)
        {
            return null;
        }
        return new DailyFollowCount(user.ToInt64(), target.ToInt64(), EventLogCounts.DayOf(id),
            group[EventLogCounts.Output.Events].ToInt64(), EventLogCounts.TimeOf(group[EventLogCounts.Output.LastAt]));
    }
}

using MongoDB.Bson;
using Pulse.Contracts.EventLog;

namespace Pulse.Ops.Backfill;

/// <summary>
/// The likes or the unlikes by one user of one post on one UTC day that changed whether they like
/// it (a row of <see cref="EventLogCounts.LikeChanges"/>): in timestamp order, each differs from
/// the user's event before it. <see cref="First"/> marks the user's first like or unlike of the post
/// the log holds, which changed something only if PostgreSQL did not already hold the like (the log
/// may have lost older events). <see cref="LastAt"/> is the latest of them, so the last change says
/// where the user stands.
/// </summary>
public readonly record struct LikeChange(long PostId, long UserId, DateOnly Day, string Type, bool First, long Events, DateTimeOffset LastAt)
{
    /// <summary>One <c>$group</c> output document; null when a key is missing.</summary>
    public static LikeChange? FromGroup(BsonDocument group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var id = group["_id"].AsBsonDocument;
        if (!id.TryGetValue(EventLogFields.PostId, out var post) || !post.IsNumeric
            || !id.TryGetValue(EventLogFields.UserId, out var user) || !user.IsNumeric)
        {
            return null;
        }
        return new LikeChange(
            post.ToInt64(),
            user.ToInt64(),
            EventLogCounts.DayOf(id),
            id[EventLogFields.Type].AsString,
            id[EventLogCounts.Output.First].ToBoolean(),
            group[EventLogCounts.Output.Events].ToInt64(),
            EventLogCounts.TimeOf(group[EventLogCounts.Output.LastAt]));
    }
}

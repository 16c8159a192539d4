using MongoDB.Bson;
using Pulse.Contracts.EventLog;

namespace Pulse.Api.EventAnalytics;

/// <summary>
/// Which events an activity report covers: a time range, and optionally one post or a set of
/// posts, and one type. Its <c>$match</c> always names an indexed field: <c>postId</c> (index
/// postId_ts; a set is an <c>$in</c>, one index range per post), else <c>type</c> (type_ts), else
/// the time range alone (ts_ttl).
/// </summary>
/// <param name="PostIds">Events on any of these posts (ignored when <paramref name="PostId"/> is given).</param>
public sealed record EventFilter(EventRange Range, long? PostId = null, string? Type = null, IReadOnlyCollection<long>? PostIds = null)
{
    public BsonDocument ToMatchStage()
    {
        var match = new BsonDocument();
        if (PostId is { } postId)
        {
            match.Add(EventLogFields.PostId, new BsonInt64(postId));
        }
        else if (PostIds is { } postIds)
        {
            match.Add(EventLogFields.PostId, new BsonDocument("$in", new BsonArray(postIds.Select(id => new BsonInt64(id)))));
        }
        if (Type is { } type)
        {
            match.Add(EventLogFields.Type, type);
        }
        match.Add(EventLogFields.Timestamp, new BsonDocument
        {
            { "$gte", BsonDates.From(Range.From) },
            { "$lt", BsonDates.From(Range.To) },
        });
        return new BsonDocument("$match", match);
    }
}

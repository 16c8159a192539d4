using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts.EventLog;

namespace Pulse.Api.EventAnalytics;

/// <summary>
/// A page of one user's events, newest first, keyset-paged by (ts, _id). The index
/// <c>{ userId: 1, ts: 1, _id: 1 }</c> walked backwards yields exactly this order, so the page costs
/// <c>limit + 1</c> index entries and no sort, however long the history.
/// </summary>
public static class TimelinePipeline
{
    /// <param name="take">How many events to read: one more than the page, to tell whether another follows.</param>
    public static PipelineDefinition<BsonDocument, BsonDocument> Build(long userId, TimelineCursor? before, int take)
    {
        var match = new BsonDocument(EventLogFields.UserId, new BsonInt64(userId));
        if (before is { } cursor)
        {
            // One index range (ts <= t) and a residual filter that drops the events at t the last page already showed.
            var timestamp = new BsonDateTime(cursor.TimestampMs);
            match.Add(EventLogFields.Timestamp, new BsonDocument("$lte", timestamp));
            match.Add("$or", new BsonArray
            {
                new BsonDocument(EventLogFields.Timestamp, new BsonDocument("$lt", timestamp)),
                new BsonDocument(EventLogFields.Id, new BsonDocument("$lt", new BsonBinaryData(cursor.Id, GuidRepresentation.Standard))),
            });
        }

        BsonDocument[] stages =
        [
            new("$match", match),
            new("$sort", new BsonDocument
            {
                { EventLogFields.Timestamp, -1 },
                { EventLogFields.Id, -1 },
            }),
            new("$limit", take),
        ];
        return PipelineDefinition<BsonDocument, BsonDocument>.Create(stages);
    }
}

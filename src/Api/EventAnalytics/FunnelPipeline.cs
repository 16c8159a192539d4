using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Realtime;

namespace Pulse.Api.EventAnalytics;

/// <summary>
/// The view → like → comment-or-share funnel over the event log. Each (user, post) pair is one
/// journey: its first view in the range starts it, its first like at or after that view and within
/// the window reaches step two, and its first comment or share at or after that like and within the
/// window from the view reaches step three. One <c>$group</c> collects each pair's times; arrays stay
/// small because a pair has few events, and nulls pushed for other types never pass a date comparison
/// (null sorts before every date in BSON).
/// </summary>
public static class FunnelPipeline
{
    public static readonly IReadOnlyList<string> Types = [EventTypes.PostView, EventTypes.PostLike, EventTypes.PostComment, EventTypes.PostShare];

    /// <summary>Output fields of the last stage.</summary>
    public static class Output
    {
        public const string Viewed = "viewed";
        public const string Liked = "liked";
        public const string Engaged = "engaged";
    }

    private const string FirstView = "firstView";
    private const string Likes = "likes";
    private const string Engagements = "engagements";

    public static PipelineDefinition<BsonDocument, BsonDocument> Build(EventRange range, long? postId, TimeSpan within)
    {
        var match = new BsonDocument();
        if (postId is { } post)
        {
            match.Add(EventLogFields.PostId, new BsonInt64(post));
        }
        match.Add(EventLogFields.Type, new BsonDocument("$in", new BsonArray(Types)));
        match.Add(EventLogFields.Timestamp, new BsonDocument
        {
            { "$gte", BsonDates.From(range.From) },
            { "$lt", BsonDates.From(range.To) },
        });
        var windowMs = new BsonInt64((long)within.TotalMilliseconds);
        var deadline = new BsonDocument("$add", new BsonArray { "$" + FirstView, windowMs });

        BsonDocument[] stages =
        [
            new("$match", match),
            new("$group", new BsonDocument
            {
                { "_id", new BsonDocument { { EventLogFields.UserId, "$" + EventLogFields.UserId }, { EventLogFields.PostId, "$" + EventLogFields.PostId } } },
                { FirstView, new BsonDocument("$min", TimeIf(new BsonDocument("$eq", new BsonArray { "$" + EventLogFields.Type, EventTypes.PostView }))) },
                { Likes, new BsonDocument("$push", TimeIf(new BsonDocument("$eq", new BsonArray { "$" + EventLogFields.Type, EventTypes.PostLike }))) },
                { Engagements, new BsonDocument("$push", TimeIf(new BsonDocument("$in", new BsonArray { "$" + EventLogFields.Type, new BsonArray { EventTypes.PostComment, EventTypes.PostShare } }))) },
            }),
            new("$match", new BsonDocument(FirstView, new BsonDocument("$ne", BsonNull.Value))),
            new("$set", new BsonDocument(Output.Liked, FirstBetween(Likes, "$" + FirstView, deadline))),
            new("$set", new BsonDocument(Output.Engaged, FirstBetween(Engagements, "$" + Output.Liked, deadline))),
            new("$group", new BsonDocument
            {
                { "_id", BsonNull.Value },
                { Output.Viewed, new BsonDocument("$sum", 1) },
                { Output.Liked, CountPresent(Output.Liked) },
                { Output.Engaged, CountPresent(Output.Engaged) },
            }),
        ];
        return PipelineDefinition<BsonDocument, BsonDocument>.Create(stages);
    }

    private static BsonDocument TimeIf(BsonDocument condition) =>
        new("$cond", new BsonArray { condition, "$" + EventLogFields.Timestamp, BsonNull.Value });

    /// <summary>The earliest time of <paramref name="array"/> from <paramref name="start"/> to <paramref name="end"/>, both included; null when none (or no start).</summary>
    private static BsonDocument FirstBetween(string array, string start, BsonDocument end) =>
        new("$min", new BsonDocument("$filter", new BsonDocument
        {
            { "input", "$" + array },
            { "as", "t" },
            { "cond", new BsonDocument("$and", new BsonArray
                {
                    new BsonDocument("$gte", new BsonArray { "$$t", start }),
                    new BsonDocument("$ne", new BsonArray { start, BsonNull.Value }),
                    new BsonDocument("$lte", new BsonArray { "$$t", end }),
                }) },
        }));

    private static BsonDocument CountPresent(string field) =>
        new("$sum", new BsonDocument("$cond", new BsonArray
        {
            new BsonDocument("$eq", new BsonArray { new BsonDocument("$ifNull", new BsonArray { "$" + field, BsonNull.Value }), BsonNull.Value }),
            0,
            1,
        }));
}

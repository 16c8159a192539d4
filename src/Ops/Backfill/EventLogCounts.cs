using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Realtime;

namespace Pulse.Ops.Backfill;

/// <summary>
/// What the aggregates backfill asks the event log (<see cref="EventLogFields"/>): events counted
/// per key, UTC day and type by one <c>$match</c> + <c>$group</c> pipeline, the likes and unlikes
/// that changed something, the follows per target, and the ids of the recent ones. Every query takes the same window: the day range by timestamp (the <c>ts</c> index)
/// and only events the Api received before the run began (<c>receivedAt</c> &lt; cutoff), so the
/// counts and the ids cover the same events however the log grows meanwhile.
/// </summary>
public static class EventLogCounts
{
    /// <summary>Output fields of the grouping (the key's field keeps its event-log name).</summary>
    public static class Output
    {
        public const string Day = "day";
        public const string Hour = "hour";
        public const string Events = "events";
        public const string First = "first";
        public const string LastAt = "lastAt";

        /// <summary>The type of the user's like or unlike of the post before this one, null for the first.</summary>
        public const string Previous = "previous";
    }

    /// <summary>
    /// The types that count on a post, in a fixed order so the pipeline's BSON is stable. Every one
    /// gives the post its day; likes and unlikes move its likes only where they change who likes it
    /// (<see cref="LikeChanges"/>).
    /// </summary>
    public static readonly IReadOnlyList<string> PostTypes =
        [EventTypes.PostView, EventTypes.PostLike, EventTypes.PostUnlike, EventTypes.PostComment, EventTypes.PostShare];

    public static readonly IReadOnlyList<string> LikeTypes = [EventTypes.PostLike, EventTypes.PostUnlike];

    /// <summary>Post events per (post, UTC day, type): the source of <c>post_daily_stats</c>.</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> PerPostDayAndType(DayRange range, DateTimeOffset receivedBefore)
    {
        var match = Window(range, receivedBefore);
        match.Add(EventLogFields.Type, new BsonDocument("$in", new BsonArray(PostTypes)));
        return Grouping(match, EventLogFields.PostId);
    }

    /// <summary>All events per (user, UTC day, type): the source of <c>user_daily_activity</c>.</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> PerUserDayAndType(DayRange range, DateTimeOffset receivedBefore) =>
        Grouping(Window(range, receivedBefore), EventLogFields.UserId);

    /// <summary>All events per (user, UTC hour): the source of <c>user_hourly_activity</c>.</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> PerUserHour(DayRange range, DateTimeOffset receivedBefore)
    {
        BsonDocument[] stages =
        [
            new("$match", Window(range, receivedBefore)),
            new("$group", new BsonDocument
            {
                { "_id", new BsonDocument
                    {
                        { EventLogFields.UserId, "$" + EventLogFields.UserId },
                        { Output.Hour, UtcTrunc("hour") },
                    }
                },
                { Output.Events, new BsonDocument("$sum", 1) },
            }),
        ];
        return PipelineDefinition<BsonDocument, BsonDocument>.Create(stages);
    }

    /// <summary>
    /// The likes and unlikes that changed whether their user likes the post, per (post, user, UTC
    /// day, type), from the range's first day on: each like or unlike of a post by a user is set
    /// beside the one before it in timestamp order (over the whole log, so the range's first event
    /// knows what came before it), and only those that differ from it are kept. Events after the
    /// range are kept too: the last change says whether the user likes the post now.
    /// </summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> LikeChanges(DayRange range, DateTimeOffset receivedBefore)
    {
        BsonDocument[] stages =
        [
            new("$match", new BsonDocument
            {
                { EventLogFields.Type, new BsonDocument("$in", new BsonArray(LikeTypes)) },
                { EventLogFields.ReceivedAt, new BsonDocument("$lt", Date(receivedBefore)) },
            }),
            new("$setWindowFields", new BsonDocument
            {
                { "partitionBy", new BsonDocument { { EventLogFields.PostId, "$" + EventLogFields.PostId }, { EventLogFields.UserId, "$" + EventLogFields.UserId } } },
                { "sortBy", new BsonDocument { { EventLogFields.Timestamp, 1 }, { EventLogFields.ReceivedAt, 1 }, { EventLogFields.Id, 1 } } },
                { "output", new BsonDocument(Output.Previous,
                    new BsonDocument("$shift", new BsonDocument { { "output", "$" + EventLogFields.Type }, { "by", -1 }, { "default", BsonNull.Value } })) },
            }),
            new("$match", new BsonDocument
            {
                { EventLogFields.Timestamp, new BsonDocument("$gte", Date(range.Start)) },
                { "$expr", new BsonDocument("$ne", new BsonArray { "$" + EventLogFields.Type, "$" + Output.Previous }) },
            }),
            new("$group", new BsonDocument
            {
                { "_id", new BsonDocument
                    {
                        { EventLogFields.PostId, "$" + EventLogFields.PostId },
                        { EventLogFields.UserId, "$" + EventLogFields.UserId },
                        { Output.Day, UtcDay },
                        { EventLogFields.Type, "$" + EventLogFields.Type },
                        { Output.First, new BsonDocument("$eq", new BsonArray { "$" + Output.Previous, BsonNull.Value }) },
                    }
                },
                { Output.Events, new BsonDocument("$sum", 1) },
                { Output.LastAt, new BsonDocument("$max", "$" + EventLogFields.Timestamp) },
            }),
        ];
        return PipelineDefinition<BsonDocument, BsonDocument>.Create(stages);
    }

    /// <summary>
    /// <c>user_follow</c> events per (user, target, UTC day) with the latest of each day, up to the
    /// range's end (over the whole log: a follow counts once, on the first day an event claims it).
    /// </summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> FollowsPerUserDay(DayRange range, DateTimeOffset receivedBefore)
    {
        var match = new BsonDocument
        {
            { EventLogFields.Type, EventTypes.UserFollow },
            { EventLogFields.Timestamp, new BsonDocument("$lt", Date(range.End)) },
            { EventLogFields.ReceivedAt, new BsonDocument("$lt", Date(receivedBefore)) },
        };
        BsonDocument[] stages =
        [
            new("$match", match),
            new("$group", new BsonDocument
            {
                { "_id", new BsonDocument
                    {
                        { EventLogFields.UserId, "$" + EventLogFields.UserId },
                        { EventLogFields.TargetUserId, "$" + EventLogFields.TargetUserId },
                        { Output.Day, UtcDay },
                    }
                },
                { Output.Events, new BsonDocument("$sum", 1) },
                { Output.LastAt, new BsonDocument("$max", "$" + EventLogFields.Timestamp) },
            }),
        ];
        return PipelineDefinition<BsonDocument, BsonDocument>.Create(stages);
    }

    /// <summary>The events whose ids the aggregates group may still be given (received since <paramref name="receivedSince"/>).</summary>
    public static BsonDocument RecentIdsFilter(DayRange range, DateTimeOffset receivedSince, DateTimeOffset receivedBefore) => new()
    {
        { EventLogFields.Timestamp, TimeRange(range) },
        { EventLogFields.ReceivedAt, new BsonDocument { { "$gte", Date(receivedSince) }, { "$lt", Date(receivedBefore) } } },
    };

    public static readonly BsonDocument IdsOnly = new(EventLogFields.Id, 1);

    /// <summary>The oldest event first (the <c>ts</c> index), only its timestamp.</summary>
    public static readonly BsonDocument OldestFirst = new(EventLogFields.Timestamp, 1);

    public static readonly BsonDocument TimestampOnly = new() { { EventLogFields.Id, 0 }, { EventLogFields.Timestamp, 1 } };

    /// <summary>BSON dates hold UTC milliseconds.</summary>
    public static BsonDateTime Date(DateTimeOffset time) => new(time.ToUnixTimeMilliseconds());

    /// <summary>The instant a BSON date holds.</summary>
    public static DateTimeOffset TimeOf(BsonValue date) => DateTimeOffset.FromUnixTimeMilliseconds(date.AsBsonDateTime.MillisecondsSinceEpoch);

    /// <summary>The UTC day of a grouping's key (<see cref="Output.Day"/>).</summary>
    public static DateOnly DayOf(BsonDocument key) => DateOnly.FromDateTime(key[Output.Day].ToUniversalTime());

    private static BsonDocument Window(DayRange range, DateTimeOffset receivedBefore) => new()
    {
        { EventLogFields.Timestamp, TimeRange(range) },
        { EventLogFields.ReceivedAt, new BsonDocument("$lt", Date(receivedBefore)) },
    };

    private static BsonDocument TimeRange(DayRange range) => new()
    {
        { "$gte", Date(range.Start) },
        { "$lt", Date(range.End) },
    };

    /// <summary>The event's UTC day, as PostgreSQL's (occurred_at at time zone 'UTC')::date in the live rollup.</summary>
    private static BsonDocument UtcDay => UtcTrunc("day");

    /// <summary>The event's timestamp truncated to <paramref name="unit"/> in UTC, as the live rollup's date_trunc(unit, occurred_at, 'UTC').</summary>
    private static BsonDocument UtcTrunc(string unit) => new("$dateTrunc", new BsonDocument
    {
        { "date", "$" + EventLogFields.Timestamp },
        { "unit", unit },
        { "timezone", "UTC" },
    });

    private static PipelineDefinition<BsonDocument, BsonDocument> Grouping(BsonDocument match, string keyField)
    {
        BsonDocument[] stages =
        [
            new("$match", match),
            new("$group", new BsonDocument
            {
                { "_id", new BsonDocument
                    {
                        { keyField, "$" + keyField },
                        { Output.Day, UtcDay },
                        { EventLogFields.Type, "$" + EventLogFields.Type },
                    }
                },
                { Output.Events, new BsonDocument("$sum", 1) },
            }),
        ];
        return PipelineDefinition<BsonDocument, BsonDocument>.Create(stages);
    }
}

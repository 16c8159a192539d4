using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Realtime;

namespace Pulse.Ops.Backfill;

/// <summary>
/// What the aggregates backfill asks the event log (<see cref="EventLogFields"/>): events counted
/// per key, UTC day and type by one <c>$match</c> + <c>$group</c> pipeline, and the ids of the
/// recent ones. Every query takes the same window: the day range by timestamp (the <c>ts</c> index)
/// and only events the Api received before the run began (<c>receivedAt</c> &lt; cutoff), so the
/// counts and the ids cover the same events however the log grows meanwhile.
/// </summary>
public static class EventLogCounts
{
    /// <summary>Output fields of the grouping (the key's field keeps its event-log name).</summary>
    public static class Output
    {
        public const string Day = "day";
        public const string Events = "events";
    }

    /// <summary>The types that count on a post, in a fixed order so the pipeline's BSON is stable.</summary>
    public static readonly IReadOnlyList<string> PostTypes =
        [EventTypes.PostView, EventTypes.PostLike, EventTypes.PostUnlike, EventTypes.PostComment, EventTypes.PostShare];

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
                        // The UTC day, as PostgreSQL's (occurred_at at time zone 'UTC')::date in the live rollup.
                        { Output.Day, new BsonDocument("$dateTrunc", new BsonDocument
                            {
                                { "date", "$" + EventLogFields.Timestamp },
                                { "unit", "day" },
                                { "timezone", "UTC" },
                            })
                        },
                        { EventLogFields.Type, "$" + EventLogFields.Type },
                    }
                },
                { Output.Events, new BsonDocument("$sum", 1) },
            }),
        ];
        return PipelineDefinition<BsonDocument, BsonDocument>.Create(stages);
    }
}

using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts.EventLog;

namespace Pulse.Api.EventAnalytics;

/// <summary>
/// The audience heatmap computed from the raw event log, to check the PostgreSQL one
/// (<c>user_hourly_activity</c>) against: the same cells by the same definitions.
/// </summary>
/// <remarks>
/// A cell's user-hours are distinct users per UTC hour, summed. So the pipeline first groups on
/// (UTC hour, user), which is what a row of <c>user_hourly_activity</c> is, and only then converts
/// each hour's start to the local weekday and hour. Converting each event's own time instead would
/// split a UTC hour across two local hours in a half-hour zone, where PostgreSQL keeps it whole.
/// </remarks>
public static class ActivityHeatmapPipeline
{
    /// <summary>Output fields (the cell is in <c>_id</c>).</summary>
    public static class Output
    {
        public const string Weekday = "weekday";
        public const string Hour = "hour";
        public const string Events = "events";
        public const string UserHours = "userHours";
    }

    /// <param name="range">UTC bounds, from inclusive, to exclusive.</param>
    /// <param name="userIds">Only these users' events (an author's followers; an <c>$in</c> on the userId_ts index); null for everyone.</param>
    /// <param name="timeZone">An IANA (Olson) time zone name, which <c>$isoDayOfWeek</c> and <c>$hour</c> take.</param>
    public static PipelineDefinition<BsonDocument, BsonDocument> Build(EventRange range, IReadOnlyCollection<long>? userIds, string timeZone)
    {
        var match = new BsonDocument();
        if (userIds is not null)
        {
            match.Add(EventLogFields.UserId, new BsonDocument("$in", new BsonArray(userIds.Select(id => new BsonInt64(id)))));
        }
        match.Add(EventLogFields.Timestamp, new BsonDocument
        {
            { "$gte", BsonDates.From(range.From) },
            { "$lt", BsonDates.From(range.To) },
        });

        const string utcHour = "$_id.utcHour";
        BsonDocument[] stages =
        [
            new("$match", match),
            new("$group", new BsonDocument
            {
                {
                    "_id", new BsonDocument
                    {
                        // $dateTrunc without a timezone truncates in UTC.
                        { "utcHour", new BsonDocument("$dateTrunc", new BsonDocument { { "date", "$" + EventLogFields.Timestamp }, { "unit", "hour" } }) },
                        { EventLogFields.UserId, "$" + EventLogFields.UserId },
                    }
                },
                { Output.Events, new BsonDocument("$sum", 1) },
            }),
            new("$group", new BsonDocument
            {
                {
                    "_id", new BsonDocument
                    {
                        { Output.Weekday, new BsonDocument("$isoDayOfWeek", new BsonDocument { { "date", utcHour }, { "timezone", timeZone } }) },
                        { Output.Hour, new BsonDocument("$hour", new BsonDocument { { "date", utcHour }, { "timezone", timeZone } }) },
                    }
                },
                { Output.Events, new BsonDocument("$sum", "$" + Output.Events) },
                { Output.UserHours, new BsonDocument("$sum", 1) },
            }),
        ];
        return PipelineDefinition<BsonDocument, BsonDocument>.Create(stages);
    }
}

using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts.EventLog;

namespace Pulse.Api.EventAnalytics;

/// <summary>
/// The aggregation pipelines behind the activity reports. Each one matches on an index first, then
/// groups twice: by (key, user) to count each user once, then by key to total events and users.
/// Grouping by user first keeps every group small, where collecting each key's users in a set
/// could outgrow the 100 MB a <c>$group</c> may hold in memory.
/// </summary>
public static class ActivityPipelines
{
    /// <summary>Output fields of the pipelines (the grouped key is in <c>_id</c>).</summary>
    public static class Output
    {
        public const string DeviceType = "deviceType";
        public const string Os = "os";
        public const string Country = "country";
        public const string Hour = "hour";
        public const string Type = "type";
        public const string Events = "events";
        public const string Users = "users";
    }

    /// <summary>Per device type and OS; events that did not say group under null.</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> ByDevice(EventFilter filter) => Build(filter, new BsonDocument
    {
        { Output.DeviceType, NullWhenMissing(EventLogFields.DeviceType) },
        { Output.Os, NullWhenMissing(EventLogFields.DeviceOs) },
    });

    /// <summary>Per country; events that did not say group under null.</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> ByCountry(EventFilter filter) => Build(filter, new BsonDocument
    {
        { Output.Country, NullWhenMissing(EventLogFields.GeoCountry) },
    });

    /// <summary>Per hour of the day of the event's timestamp; <c>$hour</c> of a date is in UTC.</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> ByHour(EventFilter filter) => Build(filter, new BsonDocument
    {
        { Output.Hour, new BsonDocument("$hour", FieldPath(EventLogFields.Timestamp)) },
    });

    /// <summary>Per event type.</summary>
    public static PipelineDefinition<BsonDocument, BsonDocument> ByType(EventFilter filter) => Build(filter, new BsonDocument
    {
        { Output.Type, FieldPath(EventLogFields.Type) },
    });

    private static PipelineDefinition<BsonDocument, BsonDocument> Build(EventFilter filter, BsonDocument key)
    {
        var perUser = new BsonDocument(key) { { EventLogFields.UserId, FieldPath(EventLogFields.UserId) } };
        var perKey = new BsonDocument(key.Names.Select(name => new BsonElement(name, FieldPath("_id." + name))));

        BsonDocument[] stages =
        [
            filter.ToMatchStage(),
            new("$group", new BsonDocument
            {
                { "_id", perUser },
                { Output.Events, new BsonDocument("$sum", 1) },
            }),
            new("$group", new BsonDocument
            {
                { "_id", perKey },
                { Output.Events, new BsonDocument("$sum", FieldPath(Output.Events)) },
                { Output.Users, new BsonDocument("$sum", 1) },
            }),
            new("$sort", new BsonDocument
            {
                { Output.Events, -1 },
                { "_id", 1 },
            }),
        ];
        return PipelineDefinition<BsonDocument, BsonDocument>.Create(stages);
    }

    private static string FieldPath(string field) => "$" + field;

    /// <summary>A missing field and an explicit null become the same group key (null).</summary>
    private static BsonDocument NullWhenMissing(string field) =>
        new("$ifNull", new BsonArray { FieldPath(field), BsonNull.Value });
}

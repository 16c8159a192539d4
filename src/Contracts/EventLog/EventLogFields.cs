namespace Pulse.Contracts.EventLog;

/// <summary>
/// Field names of an event-log document in <see cref="MongoCollections.Events"/>: the one place
/// the Ingestor that writes them and the Api's aggregation pipelines that read them agree on.
/// </summary>
public static class EventLogFields
{
    /// <summary>The event id, a BSON UUID (binary subtype 4): a replayed event collides with itself.</summary>
    public const string Id = "_id";

    public const string Type = "type";
    public const string UserId = "userId";
    public const string PostId = "postId";
    public const string TargetUserId = "targetUserId";

    /// <summary>When the event happened (a BSON date, UTC milliseconds); what every query ranges over and the TTL index expires by.</summary>
    public const string Timestamp = "ts";

    /// <summary>When the Api accepted the event (a BSON date).</summary>
    public const string ReceivedAt = "receivedAt";

    public const string Device = "device";
    public const string Geo = "geo";

    /// <summary>The client's free-form properties, converted from JSON value by value.</summary>
    public const string Properties = "properties";

    /// <summary>Fields of the <see cref="Device"/> sub-document.</summary>
    public static class DeviceParts
    {
        public const string Type = "type";
        public const string Os = "os";
        public const string Browser = "browser";
    }

    /// <summary>Fields of the <see cref="Geo"/> sub-document.</summary>
    public static class GeoParts
    {
        public const string Country = "country";
        public const string City = "city";
    }

    public const string DeviceType = Device + "." + DeviceParts.Type;
    public const string DeviceOs = Device + "." + DeviceParts.Os;
    public const string DeviceBrowser = Device + "." + DeviceParts.Browser;
    public const string GeoCountry = Geo + "." + GeoParts.Country;
    public const string GeoCity = Geo + "." + GeoParts.City;
}

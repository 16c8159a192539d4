using MongoDB.Bson;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Events;

namespace Pulse.Ingestor.EventLog;

/// <summary>
/// An accepted event as the event log stores it (fields named in <see cref="EventLogFields"/>).
/// Absent optional parts are left out rather than stored as null, so documents stay small and
/// <c>$exists</c> means what it says.
/// </summary>
public static class EventLogDocument
{
    public static BsonDocument From(PipelineEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);

        var document = new BsonDocument
        {
            { EventLogFields.Id, new BsonBinaryData(@event.Id, GuidRepresentation.Standard) },
            { EventLogFields.Type, @event.Type },
            { EventLogFields.UserId, new BsonInt64(@event.UserId) },
        };
        AddIfPresent(document, EventLogFields.PostId, @event.PostId);
        AddIfPresent(document, EventLogFields.TargetUserId, @event.TargetUserId);
        document.Add(EventLogFields.Timestamp, ToBsonDate(@event.Timestamp));
        document.Add(EventLogFields.ReceivedAt, ToBsonDate(@event.ReceivedAt));

        if (@event.Device is { } device)
        {
            AddIfNotEmpty(document, EventLogFields.Device, Labels(
                (EventLogFields.DeviceParts.Type, device.Type),
                (EventLogFields.DeviceParts.Os, device.Os),
                (EventLogFields.DeviceParts.Browser, device.Browser)));
        }
        if (@event.Geo is { } geo)
        {
            AddIfNotEmpty(document, EventLogFields.Geo, Labels(
                (EventLogFields.GeoParts.Country, geo.Country),
                (EventLogFields.GeoParts.City, geo.City)));
        }
        if (@event.Properties is { ValueKind: not System.Text.Json.JsonValueKind.Null } properties)
        {
            document.Add(EventLogFields.Properties, JsonToBson.Convert(properties));
        }
        return document;
    }

    /// <summary>BSON dates hold UTC milliseconds: finer digits of the timestamp are dropped.</summary>
    public static BsonDateTime ToBsonDate(DateTimeOffset time) => new(time.ToUnixTimeMilliseconds());

    private static void AddIfPresent(BsonDocument document, string name, long? value)
    {
        if (value is { } present)
        {
            document.Add(name, new BsonInt64(present));
        }
    }

    private static BsonDocument Labels(params (string Name, string? Value)[] labels)
    {
        var document = new BsonDocument();
        foreach (var (name, value) in labels)
        {
            if (value is not null)
            {
                document.Add(name, value);
            }
        }
        return document;
    }

    private static void AddIfNotEmpty(BsonDocument document, string name, BsonDocument part)
    {
        if (part.ElementCount > 0)
        {
            document.Add(name, part);
        }
    }
}

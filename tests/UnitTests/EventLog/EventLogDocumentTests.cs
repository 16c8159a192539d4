using System.Text.Json;
using MongoDB.Bson;
using Pulse.Api.EventAnalytics;
using Pulse.Contracts.Events;
using Pulse.Ingestor.EventLog;

namespace Pulse.UnitTests.EventLog;

public class EventLogDocumentTests
{
    private static readonly Guid Id = Guid.Parse("0192f1c4-6a3e-7c1a-9a53-1f0f3b6c2d11");
    private static readonly DateTimeOffset Timestamp = new(2026, 11, 25, 10, 0, 0, 123, TimeSpan.Zero);
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 25, 10, 0, 1, 456, TimeSpan.Zero);

    [Fact]
    public void Every_field_is_stored_under_its_name_with_its_bson_type()
    {
        var properties = JsonDocument.Parse("""{ "durationMs": 3200, "referrer": "feed" }""").RootElement;
        var @event = new PipelineEvent(Id, "user_follow", 42, 1001, 7, Timestamp, ReceivedAt,
            new EventDevice("mobile", "iOS", "Safari"), new EventGeo("US", "Seattle"), properties);

        var document = EventLogDocument.From(@event);

        Assert.Equal(
            RenderedBson.ToCanonical(BsonDocument.Parse("""
                {
                  "_id": UUID("0192f1c4-6a3e-7c1a-9a53-1f0f3b6c2d11"),
                  "type": "user_follow",
                  "userId": NumberLong(42),
                  "postId": NumberLong(1001),
                  "targetUserId": NumberLong(7),
                  "ts": ISODate("2026-11-25T10:00:00.123Z"),
                  "receivedAt": ISODate("2026-11-25T10:00:01.456Z"),
                  "device": { "type": "mobile", "os": "iOS", "browser": "Safari" },
                  "geo": { "country": "US", "city": "Seattle" },
                  "properties": { "durationMs": 3200, "referrer": "feed" }
                }
                """)),
            RenderedBson.ToCanonical(document));
    }

    [Fact]
    public void The_id_is_a_uuid_of_binary_subtype_4_in_standard_byte_order()
    {
        var id = EventLogDocument.From(Minimal())["_id"].AsBsonBinaryData;

        Assert.Equal(BsonBinarySubType.UuidStandard, id.SubType);
        Assert.Equal(Id.ToByteArray(bigEndian: true), id.Bytes);
    }

    [Fact]
    public void Absent_optional_parts_are_left_out_not_stored_as_null()
    {
        var document = EventLogDocument.From(Minimal() with
        {
            Device = new EventDevice(null, "Android", null),
            Geo = new EventGeo(null, null),
        });

        Assert.Equal(["_id", "type", "userId", "ts", "receivedAt", "device"], document.Names);
        Assert.Equal(new BsonDocument("os", "Android"), document["device"]);
    }

    [Fact]
    public void Timestamps_keep_their_instant_whatever_the_offset_to_the_millisecond()
    {
        var document = EventLogDocument.From(Minimal() with { Timestamp = new DateTimeOffset(2026, 11, 25, 12, 0, 0, 123, TimeSpan.FromHours(2)).AddTicks(9_999) });

        Assert.Equal(new DateTime(2026, 11, 25, 10, 0, 0, 123, DateTimeKind.Utc), document["ts"].ToUniversalTime());
    }

    [Fact]
    public void A_json_null_for_properties_stores_no_properties()
    {
        var document = EventLogDocument.From(Minimal() with { Properties = JsonDocument.Parse("null").RootElement });

        Assert.False(document.Contains("properties"));
    }

    [Fact]
    public void Properties_keep_each_json_kind_as_its_bson_type()
    {
        var json = JsonDocument.Parse("""
            { "int": 3200, "long": 5000000000, "huge": 12345678901234567890123, "fraction": 1.5, "exponent": 1e2,
              "text": "feed", "yes": true, "no": false, "nothing": null,
              "list": [1, "two", [3.5]], "nested": { "deeper": { "leaf": -7 } } }
            """).RootElement;

        var properties = JsonToBson.Convert(json).AsBsonDocument;

        Assert.Equal(BsonType.Int32, properties["int"].BsonType);
        Assert.Equal(BsonType.Int64, properties["long"].BsonType);
        Assert.Equal(BsonType.Decimal128, properties["huge"].BsonType);
        Assert.Equal(BsonType.Double, properties["fraction"].BsonType);
        Assert.Equal(100.0, properties["exponent"].AsDouble);
        Assert.Equal("feed", properties["text"].AsString);
        Assert.True(properties["yes"].AsBoolean);
        Assert.False(properties["no"].AsBoolean);
        Assert.Equal(BsonNull.Value, properties["nothing"]);
        Assert.Equal(new BsonArray { 1, "two", new BsonArray { 3.5 } }, properties["list"]);
        Assert.Equal(-7, properties["nested"]["deeper"]["leaf"].AsInt32);
    }

    [Theory]
    [InlineData("""{ "a": 1, "b": [true, null, "x", 2.25], "c": { "d": { "e": 5000000000 } } }""")]
    [InlineData("""{ "huge": 12345678901234567890123, "empty": {}, "none": [] }""")]
    [InlineData("""{ "unicode": "Zoë 🎉", "escaped": "line\nbreak \"quoted\"" }""")]
    public void Properties_read_back_as_the_json_that_was_sent(string json)
    {
        var sent = JsonDocument.Parse(json).RootElement;

        var readBack = BsonToJson.Convert(JsonToBson.Convert(sent));

        Assert.True(JsonElement.DeepEquals(sent, readBack), $"sent {sent}, read back {readBack}");
    }

    [Fact]
    public void A_number_beyond_double_keeps_its_literal_rather_than_losing_the_event()
    {
        var value = JsonToBson.Convert(JsonDocument.Parse("1e400").RootElement);

        Assert.Equal(new BsonString("1e400"), value);
    }

    [Fact]
    public void A_repeated_key_keeps_the_last_value()
    {
        var properties = JsonToBson.Convert(JsonDocument.Parse("""{ "a": 1, "a": 2 }""").RootElement).AsBsonDocument;

        Assert.Equal(new BsonDocument("a", 2), properties);
    }

    private static PipelineEvent Minimal() => new(Id, "session_start", 42, null, null, Timestamp, ReceivedAt, null, null, null);
}

using Pulse.Api.EventAnalytics;

namespace Pulse.UnitTests.EventLog;

/// <summary>
/// The exact pipelines the activity reports send, against the MongoDB manual: <c>$match</c> with
/// <c>$gte</c>/<c>$lt</c> on a date, <c>$group</c> with <c>$sum: 1</c> (count) and
/// <c>$sum: "$field"</c> (total), <c>$ifNull</c> so a missing field groups with null, <c>$hour</c>
/// of a date (UTC), and <c>$sort</c> with -1 for descending.
/// </summary>
public class ActivityPipelinesTests
{
    private static readonly EventRange Range = new(
        new DateTimeOffset(2026, 11, 13, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero));

    private const string RangeMatch = """{ "$match": { "ts": { "$gte": ISODate("2026-11-13T00:00:00Z"), "$lt": ISODate("2026-11-20T00:00:00Z") } } }""";
    private const string SortByEvents = """{ "$sort": { "events": -1, "_id": 1 } }""";

    [Fact]
    public void By_device_counts_events_and_distinct_users_per_device_type_and_os()
    {
        RenderedBson.AssertStages(ActivityPipelines.ByDevice(new EventFilter(Range)),
            RangeMatch,
            """
            { "$group": {
                "_id": { "deviceType": { "$ifNull": ["$device.type", null] }, "os": { "$ifNull": ["$device.os", null] }, "userId": "$userId" },
                "events": { "$sum": 1 } } }
            """,
            """
            { "$group": {
                "_id": { "deviceType": "$_id.deviceType", "os": "$_id.os" },
                "events": { "$sum": "$events" },
                "users": { "$sum": 1 } } }
            """,
            SortByEvents);
    }

    [Fact]
    public void By_country_groups_on_geo_country()
    {
        RenderedBson.AssertStages(ActivityPipelines.ByCountry(new EventFilter(Range)),
            RangeMatch,
            """{ "$group": { "_id": { "country": { "$ifNull": ["$geo.country", null] }, "userId": "$userId" }, "events": { "$sum": 1 } } }""",
            """{ "$group": { "_id": { "country": "$_id.country" }, "events": { "$sum": "$events" }, "users": { "$sum": 1 } } }""",
            SortByEvents);
    }

    [Fact]
    public void By_hour_groups_on_the_utc_hour_of_the_timestamp()
    {
        RenderedBson.AssertStages(ActivityPipelines.ByHour(new EventFilter(Range)),
            RangeMatch,
            """{ "$group": { "_id": { "hour": { "$hour": "$ts" }, "userId": "$userId" }, "events": { "$sum": 1 } } }""",
            """{ "$group": { "_id": { "hour": "$_id.hour" }, "events": { "$sum": "$events" }, "users": { "$sum": 1 } } }""",
            SortByEvents);
    }

    [Fact]
    public void Type_mix_groups_on_the_event_type()
    {
        RenderedBson.AssertStages(ActivityPipelines.ByType(new EventFilter(Range)),
            RangeMatch,
            """{ "$group": { "_id": { "type": "$type", "userId": "$userId" }, "events": { "$sum": 1 } } }""",
            """{ "$group": { "_id": { "type": "$_id.type" }, "events": { "$sum": "$events" }, "users": { "$sum": 1 } } }""",
            SortByEvents);
    }

    [Fact]
    public void One_post_is_matched_by_its_id_as_a_64_bit_integer_before_the_range()
    {
        var stages = RenderedBson.Stages(ActivityPipelines.ByCountry(new EventFilter(Range, PostId: 1001)));

        Assert.Equal(
            RenderedBson.ToCanonical(MongoDB.Bson.BsonDocument.Parse(
                """{ "$match": { "postId": NumberLong(1001), "ts": { "$gte": ISODate("2026-11-13T00:00:00Z"), "$lt": ISODate("2026-11-20T00:00:00Z") } } }""")),
            RenderedBson.ToCanonical(stages[0]));
    }

    [Fact]
    public void A_set_of_posts_is_matched_with_in_on_64_bit_ids_before_the_range()
    {
        var stages = RenderedBson.Stages(ActivityPipelines.ByHour(new EventFilter(Range, PostIds: [7, 1001, 3])));

        Assert.Equal(
            RenderedBson.ToCanonical(MongoDB.Bson.BsonDocument.Parse(
                """{ "$match": { "postId": { "$in": [NumberLong(7), NumberLong(1001), NumberLong(3)] }, "ts": { "$gte": ISODate("2026-11-13T00:00:00Z"), "$lt": ISODate("2026-11-20T00:00:00Z") } } }""")),
            RenderedBson.ToCanonical(stages[0]));
    }

    [Fact]
    public void One_post_wins_over_a_set_of_posts()
    {
        var stages = RenderedBson.Stages(ActivityPipelines.ByDevice(new EventFilter(Range, PostId: 5, PostIds: [7, 8])));

        Assert.Equal(new MongoDB.Bson.BsonInt64(5), stages[0]["$match"]["postId"]);
    }

    [Fact]
    public void A_post_and_a_type_are_both_matched()
    {
        var stages = RenderedBson.Stages(ActivityPipelines.ByDevice(new EventFilter(Range, PostId: 7, Type: "post_like")));

        Assert.Equal(
            RenderedBson.ToCanonical(MongoDB.Bson.BsonDocument.Parse(
                """{ "$match": { "postId": NumberLong(7), "type": "post_like", "ts": { "$gte": ISODate("2026-11-13T00:00:00Z"), "$lt": ISODate("2026-11-20T00:00:00Z") } } }""")),
            RenderedBson.ToCanonical(stages[0]));
    }

    [Fact]
    public void Range_bounds_keep_milliseconds_and_are_sent_in_utc()
    {
        var range = new EventRange(
            new DateTimeOffset(2026, 11, 13, 2, 30, 0, 123, TimeSpan.FromHours(2)),
            new DateTimeOffset(2026, 11, 14, 0, 0, 0, TimeSpan.Zero));

        var match = RenderedBson.Stages(ActivityPipelines.ByHour(new EventFilter(range)))[0];

        Assert.Equal(new DateTime(2026, 11, 13, 0, 30, 0, 123, DateTimeKind.Utc), match["$match"]["ts"]["$gte"].ToUniversalTime());
    }
}

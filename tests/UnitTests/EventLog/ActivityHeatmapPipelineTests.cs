using Pulse.Api.EventAnalytics;

namespace Pulse.UnitTests.EventLog;

/// <summary>
/// The exact pipeline of the event-log heatmap, against the MongoDB manual: <c>$in</c> on 64-bit
/// user ids, <c>$dateTrunc</c> with <c>unit: "hour"</c> (no timezone: UTC), and
/// <c>$isoDayOfWeek</c> / <c>$hour</c> in their document form <c>{ date, timezone }</c> with an Olson name.
/// </summary>
public class ActivityHeatmapPipelineTests
{
    private static readonly EventRange Range = new(
        new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    private const string PerUtcHourAndUser = """
        { "$group": {
            "_id": { "utcHour": { "$dateTrunc": { "date": "$ts", "unit": "hour" } }, "userId": "$userId" },
            "events": { "$sum": 1 } } }
        """;

    private const string PerLocalCell = """
        { "$group": {
            "_id": {
                "weekday": { "$isoDayOfWeek": { "date": "$_id.utcHour", "timezone": "Europe/Berlin" } },
                "hour": { "$hour": { "date": "$_id.utcHour", "timezone": "Europe/Berlin" } } },
            "events": { "$sum": "$events" },
            "userHours": { "$sum": 1 } } }
        """;

    [Fact]
    public void The_platform_matches_the_range_then_groups_by_utc_hour_and_user_then_by_local_cell()
    {
        RenderedBson.AssertStages(ActivityHeatmapPipeline.Build(Range, userIds: null, "Europe/Berlin"),
            """{ "$match": { "ts": { "$gte": ISODate("2026-10-25T00:00:00Z"), "$lt": ISODate("2026-11-01T00:00:00Z") } } }""",
            PerUtcHourAndUser,
            PerLocalCell);
    }

    [Fact]
    public void An_authors_followers_are_matched_by_64_bit_user_id_before_the_range()
    {
        RenderedBson.AssertStages(ActivityHeatmapPipeline.Build(Range, [2, 3], "Europe/Berlin"),
            """{ "$match": { "userId": { "$in": [NumberLong(2), NumberLong(3)] }, "ts": { "$gte": ISODate("2026-10-25T00:00:00Z"), "$lt": ISODate("2026-11-01T00:00:00Z") } } }""",
            PerUtcHourAndUser,
            PerLocalCell);
    }

    [Fact]
    public void An_author_without_followers_matches_an_empty_in_so_nothing()
    {
        var match = RenderedBson.Stages(ActivityHeatmapPipeline.Build(Range, [], "UTC"))[0];

        Assert.Equal(new MongoDB.Bson.BsonArray(), match["$match"]["userId"]["$in"]);
    }
}

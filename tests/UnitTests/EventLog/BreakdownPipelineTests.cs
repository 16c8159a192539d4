using Pulse.Api.EventAnalytics;
using Pulse.Contracts.EventLog;

namespace Pulse.UnitTests.EventLog;

/// <summary>
/// The exact pipeline of the two-property breakdown, against the MongoDB manual: <c>$match</c>
/// (the event filter's indexed fields, then equality on sub-document fields by dotted path),
/// <c>$group</c>, <c>$setWindowFields</c> (a partition's <c>$sum</c> over the default window, the
/// whole partition; <c>$denseRank</c>, which takes exactly one <c>sortBy</c> field), <c>$set</c>,
/// <c>$cond</c> and <c>$sort</c>. What it computes is checked by mingo (BreakdownPipelineMingoTests).
/// </summary>
public class BreakdownPipelineTests
{
    private static readonly EventRange Range = new(
        new DateTimeOffset(2026, 11, 13, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Cells_are_ranked_over_cell_and_user_rows_and_the_rest_grouped_as_other()
    {
        var query = new BreakdownQuery(new EventFilter(Range), BreakdownProperty.Country, BreakdownProperty.DeviceType, new BreakdownFilters(), Limit: 20);

        RenderedBson.AssertStages(BreakdownPipeline.Build(query),
            """{ "$match": { "ts": { "$gte": ISODate("2026-11-13T00:00:00Z"), "$lt": ISODate("2026-11-20T00:00:00Z") } } }""",
            """
            { "$group": {
                "_id": { "first": { "$ifNull": ["$geo.country", null] }, "second": { "$ifNull": ["$device.type", null] }, "userId": "$userId" },
                "events": { "$sum": 1 } } }
            """,
            """
            { "$setWindowFields": {
                "partitionBy": { "first": "$_id.first", "second": "$_id.second" },
                "output": { "cellEvents": { "$sum": "$events" } } } }
            """,
            """{ "$set": { "order": { "events": { "$subtract": [0, "$cellEvents"] }, "first": "$_id.first", "second": "$_id.second" } } }""",
            """{ "$setWindowFields": { "sortBy": { "order": 1 }, "output": { "rank": { "$denseRank": {} } } } }""",
            """
            { "$group": {
                "_id": {
                    "first": { "$cond": [{ "$gt": ["$rank", 20] }, null, "$_id.first"] },
                    "second": { "$cond": [{ "$gt": ["$rank", 20] }, null, "$_id.second"] },
                    "other": { "$gt": ["$rank", 20] },
                    "userId": "$_id.userId" },
                "events": { "$sum": "$events" },
                "rank": { "$min": "$rank" },
                "lastRank": { "$max": "$rank" } } }
            """,
            """
            { "$group": {
                "_id": { "first": "$_id.first", "second": "$_id.second", "other": "$_id.other" },
                "events": { "$sum": "$events" },
                "users": { "$sum": 1 },
                "rank": { "$min": "$rank" },
                "lastRank": { "$max": "$lastRank" } } }
            """,
            """{ "$sort": { "rank": 1 } }""");
    }

    [Fact]
    public void Filters_follow_the_indexed_fields_and_type_is_matched_once_through_the_event_filter()
    {
        var filters = new BreakdownFilters(DeviceType: "mobile", Os: "iOS", Browser: "Safari", Type: "post_view");
        var query = new BreakdownQuery(new EventFilter(Range, PostId: 7, Type: "post_view"), BreakdownProperty.Country, BreakdownProperty.Type, filters, Limit: 5);

        var match = RenderedBson.Stages(BreakdownPipeline.Build(query))[0];

        Assert.Equal(
            RenderedBson.ToCanonical(MongoDB.Bson.BsonDocument.Parse("""
                { "$match": {
                    "postId": NumberLong(7),
                    "type": "post_view",
                    "ts": { "$gte": ISODate("2026-11-13T00:00:00Z"), "$lt": ISODate("2026-11-20T00:00:00Z") },
                    "device.type": "mobile",
                    "device.os": "iOS",
                    "device.browser": "Safari" } }
                """)),
            RenderedBson.ToCanonical(match));
    }

    [Fact]
    public void Each_property_reads_its_own_event_log_field()
    {
        Assert.Equal(
            ["device.type", "device.os", "device.browser", "geo.country", "type"],
            BreakdownProperties.All.Select(property => property.Field()));
        Assert.Equal("deviceType, os, browser, country, type", BreakdownProperties.Names);
    }
}

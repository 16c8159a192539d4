using Pulse.Api.EventAnalytics;

namespace Pulse.UnitTests.EventLog;

/// <summary>
/// The exact funnel pipeline, against the MongoDB manual: <c>$min</c> and <c>$push</c> of a
/// <c>$cond</c> in <c>$group</c>, <c>$filter</c> with <c>as</c> and <c>$$t</c>, <c>$min</c> of an
/// array (null when empty), <c>$add</c> of a date and milliseconds (a date), and <c>$set</c>.
/// </summary>
public class FunnelPipelineTests
{
    private static readonly EventRange Range = new(
        new DateTimeOffset(2026, 11, 13, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero));

    private const string Tail = """
        { "$group": {
            "_id": { "userId": "$userId", "postId": "$postId" },
            "firstView": { "$min": { "$cond": [{ "$eq": ["$type", "post_view"] }, "$ts", null] } },
            "likes": { "$push": { "$cond": [{ "$eq": ["$type", "post_like"] }, "$ts", null] } },
            "engagements": { "$push": { "$cond": [{ "$in": ["$type", ["post_comment", "post_share"]] }, "$ts", null] } } } }
        """;

    [Fact]
    public void One_post_is_matched_by_its_id_and_each_step_is_bounded_by_the_view_and_the_window()
    {
        RenderedBson.AssertStages(FunnelPipeline.Build(Range, postId: 1001, TimeSpan.FromMinutes(30)),
            """
            { "$match": { "postId": NumberLong(1001), "type": { "$in": ["post_view", "post_like", "post_comment", "post_share"] },
                "ts": { "$gte": ISODate("2026-11-13T00:00:00Z"), "$lt": ISODate("2026-11-20T00:00:00Z") } } }
            """,
            Tail,
            """{ "$match": { "firstView": { "$ne": null } } }""",
            """
            { "$set": { "liked": { "$min": { "$filter": { "input": "$likes", "as": "t", "cond": { "$and": [
                { "$gte": ["$$t", "$firstView"] }, { "$ne": ["$firstView", null] }, { "$lte": ["$$t", { "$add": ["$firstView", NumberLong(1800000)] }] } ] } } } } } }
            """,
            """
            { "$set": { "engaged": { "$min": { "$filter": { "input": "$engagements", "as": "t", "cond": { "$and": [
                { "$gte": ["$$t", "$liked"] }, { "$ne": ["$liked", null] }, { "$lte": ["$$t", { "$add": ["$firstView", NumberLong(1800000)] }] } ] } } } } } }
            """,
            """
            { "$group": { "_id": null, "viewed": { "$sum": 1 },
                "liked": { "$sum": { "$cond": [{ "$eq": [{ "$ifNull": ["$liked", null] }, null] }, 0, 1] } },
                "engaged": { "$sum": { "$cond": [{ "$eq": [{ "$ifNull": ["$engaged", null] }, null] }, 0, 1] } } } }
            """);
    }

    [Fact]
    public void The_whole_platform_is_matched_by_type_first_so_the_type_index_serves_it()
    {
        var match = RenderedBson.Stages(FunnelPipeline.Build(Range, postId: null, TimeSpan.FromMinutes(30)))[0];

        Assert.Equal(["type", "ts"], match["$match"].AsBsonDocument.Names);
    }
}

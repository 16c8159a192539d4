using MongoDB.Bson;
using Pulse.Ops.Backfill;
using Pulse.UnitTests.EventLog;

namespace Pulse.UnitTests.Ops;

/// <summary>
/// The exact BSON the aggregates backfill sends the event log, against the MongoDB manual:
/// <c>$match</c> with <c>$gte</c>/<c>$lt</c> on dates and <c>$in</c> on the type, <c>$group</c> on a
/// compound key with <c>$dateTrunc</c> (unit <c>day</c>, timezone <c>UTC</c>; MongoDB 5.0+) and
/// <c>$sum: 1</c>, <c>$setWindowFields</c> with <c>$shift</c> (MongoDB 5.0+) and <c>$expr</c>,
/// and a find filter with an <c>_id</c>-only projection.
/// </summary>
public class EventLogCountsTests
{
    private static readonly DayRange Range = new(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 22));
    private static readonly DateTimeOffset Started = new(2026, 11, 24, 9, 30, 0, 250, TimeSpan.Zero);

    [Fact]
    public void Post_events_are_counted_per_post_utc_day_and_type_over_the_whole_days_received_before_the_run()
    {
        RenderedBson.AssertStages(EventLogCounts.PerPostDayAndType(Range, Started),
            """
            { "$match": {
                "ts": { "$gte": ISODate("2026-11-20T00:00:00Z"), "$lt": ISODate("2026-11-23T00:00:00Z") },
                "receivedAt": { "$lt": ISODate("2026-11-24T09:30:00.250Z") },
                "type": { "$in": ["post_view", "post_like", "post_unlike", "post_comment", "post_share"] } } }
            """,
            """
            { "$group": {
                "_id": { "postId": "$postId", "day": { "$dateTrunc": { "date": "$ts", "unit": "day", "timezone": "UTC" } }, "type": "$type" },
                "events": { "$sum": 1 } } }
            """);
    }

    [Fact]
    public void All_events_are_counted_per_user_and_utc_hour()
    {
        RenderedBson.AssertStages(EventLogCounts.PerUserHour(Range, Started),
            """
            { "$match": {
                "ts": { "$gte": ISODate("2026-11-20T00:00:00Z"), "$lt": ISODate("2026-11-23T00:00:00Z") },
                "receivedAt": { "$lt": ISODate("2026-11-24T09:30:00.250Z") } } }
            """,
            """
            { "$group": {
                "_id": { "userId": "$userId", "hour": { "$dateTrunc": { "date": "$ts", "unit": "hour", "timezone": "UTC" } } },
                "events": { "$sum": 1 } } }
            """);
    }

    [Fact]
    public void All_events_are_counted_per_user_utc_day_and_type()
    {
        RenderedBson.AssertStages(EventLogCounts.PerUserDayAndType(Range, Started),
            """
            { "$match": {
                "ts": { "$gte": ISODate("2026-11-20T00:00:00Z"), "$lt": ISODate("2026-11-23T00:00:00Z") },
                "receivedAt": { "$lt": ISODate("2026-11-24T09:30:00.250Z") } } }
            """,
            """
            { "$group": {
                "_id": { "userId": "$userId", "day": { "$dateTrunc": { "date": "$ts", "unit": "day", "timezone": "UTC" } }, "type": "$type" },
                "events": { "$sum": 1 } } }
            """);
    }

    [Fact]
    public void Like_changes_set_each_like_beside_the_users_one_before_over_the_whole_log_and_keep_the_changes_from_the_range_on()
    {
        RenderedBson.AssertStages(EventLogCounts.LikeChanges(Range, Started),
            """
            { "$match": {
                "type": { "$in": ["post_like", "post_unlike"] },
                "receivedAt": { "$lt": ISODate("2026-11-24T09:30:00.250Z") } } }
            """,
            """
            { "$setWindowFields": {
                "partitionBy": { "postId": "$postId", "userId": "$userId" },
                "sortBy": { "ts": 1, "receivedAt": 1, "_id": 1 },
                "output": { "previous": { "$shift": { "output": "$type", "by": -1, "default": null } } } } }
            """,
            """
            { "$match": {
                "ts": { "$gte": ISODate("2026-11-20T00:00:00Z") },
                "$expr": { "$ne": ["$type", "$previous"] } } }
            """,
            """
            { "$group": {
                "_id": {
                    "postId": "$postId", "userId": "$userId",
                    "day": { "$dateTrunc": { "date": "$ts", "unit": "day", "timezone": "UTC" } },
                    "type": "$type",
                    "first": { "$eq": ["$previous", null] } },
                "events": { "$sum": 1 },
                "lastAt": { "$max": "$ts" } } }
            """);
    }

    [Fact]
    public void Follows_are_counted_per_user_target_and_utc_day_over_the_whole_log_up_to_the_ranges_end()
    {
        RenderedBson.AssertStages(EventLogCounts.FollowsPerUserDay(Range, Started),
            """
            { "$match": {
                "type": "user_follow",
                "ts": { "$lt": ISODate("2026-11-23T00:00:00Z") },
                "receivedAt": { "$lt": ISODate("2026-11-24T09:30:00.250Z") } } }
            """,
            """
            { "$group": {
                "_id": { "userId": "$userId", "targetUserId": "$targetUserId", "day": { "$dateTrunc": { "date": "$ts", "unit": "day", "timezone": "UTC" } } },
                "events": { "$sum": 1 },
                "lastAt": { "$max": "$ts" } } }
            """);
    }

    [Fact]
    public void A_like_change_row_is_read_with_its_first_flag_and_its_latest_time()
    {
        var group = BsonDocument.Parse("""
            { "_id": { "postId": NumberLong(7), "userId": 12, "day": ISODate("2026-11-21T00:00:00Z"), "type": "post_unlike", "first": false },
              "events": 2, "lastAt": ISODate("2026-11-21T17:04:05.006Z") }
            """);

        Assert.Equal(new LikeChange(7, 12, new DateOnly(2026, 11, 21), "post_unlike", false, 2, new DateTimeOffset(2026, 11, 21, 17, 4, 5, 6, TimeSpan.Zero)),
            LikeChange.FromGroup(group));
        Assert.Null(LikeChange.FromGroup(BsonDocument.Parse("""{ "_id": { "postId": null, "userId": 1 }, "events": 1 }""")));
    }

    [Fact]
    public void A_follow_row_is_read_and_one_without_a_target_skipped()
    {
        var group = BsonDocument.Parse("""{ "_id": { "userId": 3, "targetUserId": NumberLong(9), "day": ISODate("2026-11-22T00:00:00Z") }, "events": 4, "lastAt": ISODate("2026-11-22T10:00:00Z") }""");

        Assert.Equal(new DailyFollowCount(3, 9, new DateOnly(2026, 11, 22), 4, new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero)), DailyFollowCount.FromGroup(group));
        Assert.Null(DailyFollowCount.FromGroup(BsonDocument.Parse("""{ "_id": { "userId": 3, "day": ISODate("2026-11-22T00:00:00Z") }, "events": 4 }""")));
    }

    [Fact]
    public void Ids_are_read_for_the_same_days_received_within_the_dedupe_retention_and_before_the_run()
    {
        var filter = EventLogCounts.RecentIdsFilter(Range, Started - TimeSpan.FromDays(7), Started);

        Assert.Equal(
            Canonical("""
                { "ts": { "$gte": ISODate("2026-11-20T00:00:00Z"), "$lt": ISODate("2026-11-23T00:00:00Z") },
                  "receivedAt": { "$gte": ISODate("2026-11-17T09:30:00.250Z"), "$lt": ISODate("2026-11-24T09:30:00.250Z") } }
                """),
            RenderedBson.ToCanonical(filter));
        Assert.Equal(Canonical("""{ "_id": 1 }"""), RenderedBson.ToCanonical(EventLogCounts.IdsOnly));
    }

    [Fact]
    public void The_oldest_event_is_found_by_sorting_on_the_timestamp_and_reading_only_it()
    {
        Assert.Equal(Canonical("""{ "ts": 1 }"""), RenderedBson.ToCanonical(EventLogCounts.OldestFirst));
        Assert.Equal(Canonical("""{ "_id": 0, "ts": 1 }"""), RenderedBson.ToCanonical(EventLogCounts.TimestampOnly));
    }

    [Fact]
    public void A_group_row_is_read_with_its_key_as_a_64_bit_id_and_its_day_as_the_utc_date()
    {
        var group = BsonDocument.Parse("""
            { "_id": { "postId": NumberLong(1001), "day": ISODate("2026-11-21T00:00:00Z"), "type": "post_like" }, "events": 42 }
            """);

        Assert.Equal(new DailyEventCount(1001, new DateOnly(2026, 11, 21), "post_like", 42), DailyEventCount.FromGroup(group, "postId"));
    }

    [Fact]
    public void A_group_without_its_key_is_skipped()
    {
        var group = BsonDocument.Parse("""{ "_id": { "postId": null, "day": ISODate("2026-11-21T00:00:00Z"), "type": "post_view" }, "events": NumberLong(3) }""");

        Assert.Null(DailyEventCount.FromGroup(group, "postId"));
        Assert.Null(DailyEventCount.FromGroup(group, "userId"));
    }

    private static string Canonical(string json) => RenderedBson.ToCanonical(BsonDocument.Parse(json));
}

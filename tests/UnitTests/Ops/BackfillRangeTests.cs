using MongoDB.Bson;
using Pulse.Ops.Backfill;

namespace Pulse.UnitTests.Ops;

/// <summary>Which days an aggregates backfill may replace: only days the event log holds whole.</summary>
public class BackfillRangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Without_a_ttl_index_the_log_is_whole_from_its_oldest_events_day()
    {
        var span = new EventLogSpan(new DateTimeOffset(2026, 11, 3, 17, 0, 0, TimeSpan.Zero), Retention: null);

        Assert.Equal(new DateOnly(2026, 11, 3), span.FirstWholeDay(Now));
    }

    [Fact]
    public void With_a_ttl_index_the_day_being_expired_is_not_whole()
    {
        // 90 days before 2026-11-24 09:30 is 2026-08-26 09:30: that day is expiring now.
        var span = new EventLogSpan(new DateTimeOffset(2026, 8, 26, 9, 31, 0, TimeSpan.Zero), TimeSpan.FromDays(90));

        Assert.Equal(new DateOnly(2026, 8, 27), span.FirstWholeDay(Now));
    }

    [Fact]
    public void With_a_ttl_index_that_has_expired_nothing_yet_the_oldest_day_is_whole()
    {
        var span = new EventLogSpan(new DateTimeOffset(2026, 11, 20, 23, 59, 0, TimeSpan.Zero), TimeSpan.FromDays(90));

        Assert.Equal(new DateOnly(2026, 11, 20), span.FirstWholeDay(Now));
    }

    [Fact]
    public void Defaults_run_from_the_first_whole_day_to_today()
    {
        var span = new EventLogSpan(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero), null);

        Assert.Equal(new DayRange(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 24)), BackfillRange.Resolve(null, null, span, Now));
        Assert.Equal(new DayRange(new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 22)),
            BackfillRange.Resolve(new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 22), span, Now));
    }

    [Fact]
    public void A_range_starting_before_the_first_whole_day_is_refused_saying_why()
    {
        var span = new EventLogSpan(new DateTimeOffset(2026, 8, 26, 10, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(90));

        var refused = Assert.Throws<BackfillRefusedException>(() => BackfillRange.Resolve(new DateOnly(2026, 8, 26), null, span, Now));

        Assert.Contains("--from 2026-08-26 is before 2026-08-27", refused.Message, StringComparison.Ordinal);
        Assert.Contains("events expire 90 days after their timestamp", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_to_before_the_first_whole_day_leaves_nothing_to_rebuild()
    {
        var span = new EventLogSpan(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero), null);

        var refused = Assert.Throws<BackfillRefusedException>(() => BackfillRange.Resolve(null, new DateOnly(2026, 11, 19), span, Now));

        Assert.Contains("Nothing to rebuild", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_retention_is_read_from_a_ttl_index_on_the_timestamp_alone()
    {
        BsonDocument[] indexes =
        [
            BsonDocument.Parse("""{ "v": 2, "key": { "_id": 1 }, "name": "_id_" }"""),
            BsonDocument.Parse("""{ "v": 2, "key": { "type": 1, "ts": 1 }, "name": "type_ts" }"""),
            BsonDocument.Parse("""{ "v": 2, "key": { "ts": 1 }, "name": "ts_ttl", "expireAfterSeconds": 7776000 }"""),
        ];

        Assert.Equal(TimeSpan.FromDays(90), EventLogSpan.RetentionOf(indexes));
        Assert.Null(EventLogSpan.RetentionOf(indexes[..2]));
        Assert.Null(EventLogSpan.RetentionOf([BsonDocument.Parse("""{ "key": { "ts": 1 }, "name": "ts_1" }""")]));
    }

    [Fact]
    public void A_day_range_covers_whole_utc_days_end_exclusive()
    {
        var range = new DayRange(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 22));

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), range.Start);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), range.End);
        Assert.Equal(3, range.Days);
        Assert.Equal("2026-11-20 to 2026-11-22", range.ToString());
        Assert.False(DayRange.TryParseDay("2026-11-31", out _));
        Assert.False(DayRange.TryParseDay("20.11.2026", out _));
    }
}

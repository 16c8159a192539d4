using Pulse.Api.EventAnalytics;

namespace Pulse.UnitTests.EventLog;

/// <summary>The timeline's keyset query: equality on userId, sort ts then _id descending, one more than the page.</summary>
public class TimelinePipelineTests
{
    [Fact]
    public void First_page_matches_the_user_and_sorts_newest_first()
    {
        RenderedBson.AssertStages(TimelinePipeline.Build(42, before: null, take: 21),
            """{ "$match": { "userId": NumberLong(42) } }""",
            """{ "$sort": { "ts": -1, "_id": -1 } }""",
            """{ "$limit": 21 }""");
    }

    [Fact]
    public void Next_page_starts_strictly_below_the_last_events_time_and_id()
    {
        var last = new DateTimeOffset(2026, 11, 20, 10, 0, 0, 5, TimeSpan.Zero);
        var cursor = new TimelineCursor(last.ToUnixTimeMilliseconds(), Guid.Parse("0192f1c4-6a3e-7c1a-9a53-1f0f3b6c2d11"));

        RenderedBson.AssertStages(TimelinePipeline.Build(42, cursor, take: 3),
            """
            { "$match": {
                "userId": NumberLong(42),
                "ts": { "$lte": ISODate("2026-11-20T10:00:00.005Z") },
                "$or": [
                    { "ts": { "$lt": ISODate("2026-11-20T10:00:00.005Z") } },
                    { "_id": { "$lt": UUID("0192f1c4-6a3e-7c1a-9a53-1f0f3b6c2d11") } } ] } }
            """,
            """{ "$sort": { "ts": -1, "_id": -1 } }""",
            """{ "$limit": 3 }""");
    }

    [Fact]
    public void Cursor_round_trips_and_rejects_what_it_did_not_make()
    {
        var cursor = new TimelineCursor(1_795_000_000_123, Guid.CreateVersion7());

        Assert.True(TimelineCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
        Assert.False(TimelineCursor.TryDecode("not-a-cursor", out _));
        Assert.False(TimelineCursor.TryDecode("", out _));
        Assert.False(TimelineCursor.TryDecode(cursor.Encode()[..^4], out _));
    }
}

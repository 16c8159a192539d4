using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts.EventLog;
using Pulse.Ops.Backfill;
using static Pulse.IntegrationTests.EventLogLanguage.SinkDocuments;

namespace Pulse.IntegrationTests.EventLogLanguage;

/// <summary>
/// What the aggregates backfill asks the event log (<see cref="EventLogCounts"/>), as the driver
/// renders it, evaluated by mingo over sink-written documents and read back by the backfill's own
/// readers (<see cref="DailyEventCount.FromGroup"/> and the like). The range is days D and D+1; the
/// run began at D+3 (receivedBefore): an event received later is not the backfill's.
/// </summary>
public sealed class EventLogCountsMingoTests
{
    private static readonly DayRange Range = new(DateOnly.FromDateTime(Day.UtcDateTime), DateOnly.FromDateTime(Day.UtcDateTime).AddDays(1));
    private static readonly DateTimeOffset ReceivedBefore = Day.AddDays(3);
    private static readonly TimeSpan Late = TimeSpan.FromDays(4);
    private static readonly DateOnly D = Range.From;

    ///  #  user  type           post  time          received
    ///  1  1     post_view      10    D 09:00
    ///  2  2     post_view      10    D 23:59:59.999
    ///  3  1     post_view      10    D+1 00:00
    ///  4  1     post_like      10    D 10:00
    ///  5  1     post_view      11    D 11:00       late (after the run began)
    ///  6  1     session_start        D 12:00
    ///  7  3     post_view      10    D-1 23:00     (before the range)
    ///  8  2     post_share     11    D+2 00:00     (after the range)
    private static readonly List<BsonDocument> Counted = Of(
        Event(1, 1, "post_view", At(9), post: 10),
        Event(2, 2, "post_view", TimeSpan.FromDays(1) - TimeSpan.FromMilliseconds(1), post: 10),
        Event(3, 1, "post_view", TimeSpan.FromDays(1), post: 10),
        Event(4, 1, "post_like", At(10), post: 10),
        Event(5, 1, "post_view", At(11), post: 11, receivedAt: Late),
        Event(6, 1, "session_start", At(12)),
        Event(7, 3, "post_view", At(-1), post: 10),
        Event(8, 2, "post_share", TimeSpan.FromDays(2), post: 11));

    [Fact]
    public async Task Post_events_are_counted_per_post_utc_day_and_type()
    {
        var rows = await GroupsAsync(Counted, EventLogCounts.PerPostDayAndType(Range, ReceivedBefore), group => DailyEventCount.FromGroup(group, EventLogFields.PostId));

        Assert.Equal(
            [new(10, D, "post_like", 1), new(10, D, "post_view", 2), new DailyEventCount(10, D.AddDays(1), "post_view", 1)],
            rows.OrderBy(row => row.Day).ThenBy(row => row.Type, StringComparer.Ordinal));
    }

    [Fact]
    public async Task All_events_are_counted_per_user_utc_day_and_type()
    {
        var rows = await GroupsAsync(Counted, EventLogCounts.PerUserDayAndType(Range, ReceivedBefore), group => DailyEventCount.FromGroup(group, EventLogFields.UserId));

        Assert.Equal(
            [
                new(1, D, "post_like", 1), new(1, D, "post_view", 1), new(1, D, "session_start", 1), new(1, D.AddDays(1), "post_view", 1),
                new DailyEventCount(2, D, "post_view", 1),
            ],
            rows.OrderBy(row => row.Key).ThenBy(row => row.Day).ThenBy(row => row.Type, StringComparer.Ordinal));
    }

    [Fact]
    public async Task All_events_are_counted_per_user_and_utc_hour()
    {
        var rows = await GroupsAsync(Counted, EventLogCounts.PerUserHour(Range, ReceivedBefore), HourlyEventCount.FromGroup);

        // User 1: 09:00 and 10:00 on D one each, 12:00 the session, D+1 00:00 one; user 2: D 23:59:59.999.
        var day = Range.Start;
        Assert.Equal(
            [new(1, day.AddHours(9), 1), new(1, day.AddHours(10), 1), new(1, day.AddHours(12), 1), new(1, day.AddDays(1), 1), new HourlyEventCount(2, day.AddHours(23), 1)],
            rows.OrderBy(row => row.UserId).ThenBy(row => row.Hour));
    }

    [Fact]
    public async Task Only_likes_and_unlikes_that_change_something_are_kept()
    {
        // Post 10, user 1: like (D-1), like (repeats), unlike (changes), unlike (repeats), like on D+1 (changes).
        // Post 11, user 2: a first like. Post 11, user 3: a like received after the run began.
        var documents = Of(
            Event(1, 1, "post_like", At(-16), post: 10),
            Event(2, 1, "post_like", At(10), post: 10),
            Event(3, 1, "post_unlike", At(11), post: 10),
            Event(4, 1, "post_unlike", At(12), post: 10),
            Event(5, 1, "post_like", TimeSpan.FromDays(1) + At(9), post: 10),
            Event(6, 2, "post_like", At(13), post: 11),
            Event(7, 3, "post_like", At(14), post: 11, receivedAt: Late));

        var rows = await GroupsAsync(documents, EventLogCounts.LikeChanges(Range, ReceivedBefore), LikeChange.FromGroup);

        Assert.Equal(
            [
                new(10, 1, D, "post_unlike", First: false, Events: 1, LastAt: Day + At(11)),
                new(10, 1, D.AddDays(1), "post_like", First: false, Events: 1, LastAt: Day.AddDays(1) + At(9)),
                new LikeChange(11, 2, D, "post_like", First: true, Events: 1, LastAt: Day + At(13)),
            ],
            rows.OrderBy(row => row.PostId).ThenBy(row => row.Day));
    }

    [Fact]
    public async Task Follows_are_counted_per_user_target_and_day_up_to_the_range_end()
    {
        var documents = Of(
            Event(1, 1, "user_follow", At(9), target: 2),
            Event(2, 1, "user_follow", At(10), target: 2),
            Event(3, 1, "user_follow", TimeSpan.FromDays(1) + At(8), target: 3),
            Event(4, 1, "user_follow", TimeSpan.FromDays(5), target: 2, receivedAt: TimeSpan.FromDays(2)),
            Event(5, 2, "user_follow", At(9), target: 1, receivedAt: Late),
            Event(6, 1, "user_unfollow", At(11), target: 2));

        var rows = await GroupsAsync(documents, EventLogCounts.FollowsPerUserDay(Range, ReceivedBefore), DailyFollowCount.FromGroup);

        Assert.Equal(
            [new(1, 2, D, 2, Day + At(10)), new DailyFollowCount(1, 3, D.AddDays(1), 1, Day.AddDays(1) + At(8))],
            rows.OrderBy(row => row.TargetUserId));
    }

    [Fact]
    public async Task Recent_ids_are_those_in_the_range_received_in_the_window_and_only_ids()
    {
        // Received: #1 at D+1 (before the window), #2 at D+2 (in it), #3 at D+3 (the run's start: not in it); #4 in the window but before the range.
        var documents = Of(
            Event(1, 1, "post_view", At(9), post: 10, receivedAt: TimeSpan.FromDays(1)),
            Event(2, 1, "post_view", At(10), post: 10, receivedAt: TimeSpan.FromDays(2)),
            Event(3, 1, "post_view", At(11), post: 10, receivedAt: TimeSpan.FromDays(3)),
            Event(4, 1, "post_view", At(-2), post: 10, receivedAt: TimeSpan.FromDays(2)));

        var rows = await Mingo.FindAsync(documents, EventLogCounts.RecentIdsFilter(Range, Day.AddDays(2), ReceivedBefore),
            new FindOptions<BsonDocument, BsonDocument> { Projection = EventLogCounts.IdsOnly });

        var only = Assert.Single(rows);
        Assert.Equal([EventLogFields.Id], only.Names);
        Assert.Equal(Id(2), only[EventLogFields.Id].AsBsonBinaryData.ToGuid(GuidRepresentation.Standard));
    }

    [Fact]
    public async Task The_oldest_event_is_found_by_its_timestamp_alone()
    {
        var rows = await Mingo.FindAsync(Counted, FilterDefinition<BsonDocument>.Empty,
            new FindOptions<BsonDocument, BsonDocument> { Sort = EventLogCounts.OldestFirst, Projection = EventLogCounts.TimestampOnly, Limit = 1 });

        var oldest = Assert.Single(rows);
        Assert.Equal([EventLogFields.Timestamp], oldest.Names);
        Assert.Equal(Day + At(-1), EventLogCounts.TimeOf(oldest[EventLogFields.Timestamp]));
    }

    /// <summary>The groups read by the backfill's reader; the day is truncated in UTC, given to mingo as an offset.</summary>
    private static async Task<List<T>> GroupsAsync<T>(List<BsonDocument> documents, PipelineDefinition<BsonDocument, BsonDocument> pipeline, Func<BsonDocument, T?> read)
        where T : struct =>
        [.. (await Mingo.AggregateRenderedAsync(documents, MingoDifferences.UtcAsOffset(Mingo.Render(pipeline)))).Select(read).OfType<T>()];
}

using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.IntegrationTests.Aggregates;
using Pulse.IntegrationTests.Data;
using Pulse.Ingestor.Aggregates;
using Pulse.Ops.Backfill;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Ops;

/// <summary>
/// The PostgreSQL half of the aggregates backfill against a real server, fed the event log's
/// grouped rows directly: it replaces the range and nothing else, recomputes the touched posts'
/// totals, records the ids, and gives what the Ingestor's live rollup gives for the same events.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class AggregatesReplacementTests(PostgresServer postgres)
{
    private static readonly DateOnly Day1 = DateOnly.FromDateTime(EventMix.FirstDay.UtcDateTime);
    private static readonly DayRange AllDays = new(Day1, Day1.AddDays(3));
    private static readonly DayRange MiddleDays = new(Day1.AddDays(1), Day1.AddDays(2));

    private readonly int seed = Random.Shared.Next();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rebuilding_every_day_gives_what_the_live_rollup_gave_for_the_same_events()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "ops_replace_all", users: 20, posts: 30);
        // Unlikes left out: the live rollup floors a day's likes in stream order, which counts cannot
        // see. Repeated likes stay in: only a user's first like of a post counts, live and rebuilt.
        var events = InTimeOrder(new EventMix(seed, [.. database.Users], [.. database.AuthorOfPost.Keys]) { WithUnlikes = false }.Next(3_000));
        var follows = await FollowHalfAsync(database, events, except: 3);
        await AggregatesRollup.ApplyAsync(database.DataSource, EventColumns.From(events), Cancellation);
        // Deleted after their events were applied: their rows go with them, and the rebuild must not bring them back.
        await database.DeletePostAsync(5);
        await database.DeleteUserAsync(3);
        var live = await database.ReadAsync();
        await ExecuteAsync(database, """
            update post_daily_stats set views = views + 1000, likes = likes + 1000;
            update user_daily_activity set events = events + 1000, sessions = sessions + 1000;
            update user_hourly_activity set events = events + 1000;
            update post_stats set views = views + 1000, shares = shares + 1000;
            delete from ingested_events;
            """);

        var summary = await EventLogGrouping.ReplaceAsync(database.DataSource, AllDays, events);

        AggregateRows.AssertEqual(live, await database.ReadAsync());
        Assert.True(live.UserDays.Values.Sum(day => day.Follows) is var counted && counted > 0 && counted < events.Count(e => e.Type == EventTypes.UserFollow),
            $"seed {seed}: some follow events were confirmed by follows ({follows} rows), once each, and some not");
        Assert.True(live.UserDays.Values.Sum(day => day.Likes) < events.Count(e => e.Type == EventTypes.PostLike), $"seed {seed}: some likes were repeats");
        Assert.Equal(events.Select(e => e.Id).ToHashSet(), await database.IngestedIdsAsync());
        Assert.Equal(live.PostDays.Count, summary.PostDaysWritten);
        Assert.Equal(live.UserDays.Count, summary.UserDaysWritten);
        Assert.Equal(live.UserHours.Count, summary.UserHoursWritten);
        Assert.Equal(live.Posts.Count, summary.PostTotalsWritten);
        Assert.Equal(events.Count, summary.EventIdsRecorded);
        Assert.True(events.Any(e => e.PostId == 5) && events.Any(e => e.UserId == 3), $"seed {seed}: the deleted post and user had events");
    }

    [Fact]
    public async Task Only_the_range_is_replaced_and_the_touched_posts_totals_are_recomputed_from_their_days()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "ops_replace_range", users: 20, posts: 30);
        // Posts 1-29 get events on every day; post 30 only on the first, outside the range.
        var events = new EventMix(seed, [.. database.Users], [.. database.AuthorOfPost.Keys.Where(id => id != 30)]) { WithUnlikes = false }.Next(3_000);
        var onPost30 = new PipelineEvent(Guid.CreateVersion7(), EventTypes.PostView, 1, 30, null, EventMix.FirstDay.AddHours(3), EventMix.FirstDay.AddHours(3), null, null, null);
        events = InTimeOrder([.. events, onPost30]);
        await AggregatesRollup.ApplyAsync(database.DataSource, EventColumns.From(events), Cancellation);
        var truth = await database.ReadAsync();
        await ExecuteAsync(database, """
            update post_daily_stats set views = views + 1000, likes = likes + 100;
            update user_daily_activity set events = events + 1000;
            update user_hourly_activity set events = events + 1000;
            update post_stats set views = views + 5, likes = likes + 5, comments = comments + 5, shares = shares + 5;
            """);
        var corrupted = await database.ReadAsync();

        await EventLogGrouping.ReplaceAsync(database.DataSource, MiddleDays, events);

        var after = await database.ReadAsync();
        var expected = AggregateRows.Empty();
        foreach (var (key, counts) in corrupted.PostDays)
        {
            expected.PostDays[key] = InMiddle(key.Day) ? truth.PostDays[key] : counts;
        }
        foreach (var (key, counts) in corrupted.UserDays)
        {
            expected.UserDays[key] = InMiddle(key.Day) ? truth.UserDays[key] : counts;
        }
        foreach (var (post, counts) in corrupted.Posts)
        {
            var days = expected.PostDays.Where(day => day.Key.PostId == post).Select(day => day.Value).ToList();
            expected.Posts[post] = post == 30
                ? counts
                : new PostCounts(days.Sum(d => d.Views), days.Sum(d => d.Likes), days.Sum(d => d.Comments), days.Sum(d => d.Shares));
        }
        foreach (var (key, hourEvents) in corrupted.UserHours)
        {
            expected.UserHours[key] = InMiddle(DateOnly.FromDateTime(key.Hour.UtcDateTime)) ? truth.UserHours[key] : hourEvents;
        }
        // Reach is the live rollup's alone: the replacement keeps it.
        foreach (var (post, reach) in corrupted.Reach)
        {
            expected.Reach[post] = reach;
        }
        AggregateRows.AssertEqual(expected, after);
        Assert.NotEqual(truth.Posts[1], after.Posts[1]);
        Assert.Equal(truth.Posts[30] with { Views = truth.Posts[30].Views + 5, Likes = 5, Comments = 5, Shares = 5 }, after.Posts[30]);
    }

    [Fact]
    public async Task Likes_count_the_changes_of_who_likes_a_post_floored_per_day_and_once_over_its_history()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "ops_replace_likes", users: 4, posts: 2);
        var author = database.AuthorOfPost[1];
        var (ada, bob, cy) = (1L, 2L, 3L);
        // Ada and Bob liked post 1 on the first day, outside the range.
        await ExecuteAsync(database, $"""
            insert into post_daily_stats (post_id, day, author_id, views, likes, comments, shares) values (1, '{Day1:yyyy-MM-dd}', {author}, 0, 2, 0, 0);
            insert into post_stats (post_id, views, likes, comments, shares) values (1, 0, 2, 0, 0);
            insert into post_likes (post_id, user_id, liked_at) values (1, {ada}, '{Day1:yyyy-MM-dd}T08:00:00Z'), (1, {bob}, '{Day1:yyyy-MM-dd}T09:00:00Z');
            """);
        var from = MiddleDays.Start;
        var to = MiddleDays.Start.AddDays(1);
        List<PipelineEvent> events =
        [
            Like(EventTypes.PostLike, ada, 1, AllDays.Start.AddHours(8)),
            Like(EventTypes.PostLike, bob, 1, AllDays.Start.AddHours(9)),
            // In the range: Ada and Bob unlike, Bob once more (no change), Cy likes twice (one change), Ada likes again the next day.
            Like(EventTypes.PostUnlike, ada, 1, from.AddHours(1)),
            Like(EventTypes.PostUnlike, bob, 1, from.AddHours(2)),
            Like(EventTypes.PostUnlike, bob, 1, from.AddHours(3)),
            Like(EventTypes.PostLike, cy, 1, from.AddHours(4)),
            Like(EventTypes.PostLike, cy, 1, from.AddHours(5)),
            Like(EventTypes.PostLike, ada, 1, to.AddHours(1)),
            // Post 2: only an unlike by someone who never liked it, a row of zeros as live.
            Like(EventTypes.PostUnlike, ada, 2, from.AddHours(6)),
        ];

        await EventLogGrouping.ReplaceAsync(database.DataSource, MiddleDays, events);

        var rows = await database.ReadAsync();
        // The first day of the range: one like less two unlikes, floored; the next: one like.
        Assert.Equal(0, rows.PostDays[new PostDayKey(1, MiddleDays.From)].Likes);
        Assert.Equal(1, rows.PostDays[new PostDayKey(1, MiddleDays.To)].Likes);
        Assert.Equal(2, rows.PostDays[new PostDayKey(1, Day1)].Likes);
        // 2 + (1 - 2) + 1: the unlikes take back the earlier day's likes; day by day floors would give 3.
        Assert.Equal(new PostCounts(0, 2, 0, 0), rows.Posts[1]);
        Assert.Equal(new PostDayCounts(database.AuthorOfPost[2], 0, 0, 0, 0), rows.PostDays[new PostDayKey(2, MiddleDays.From)]);
        Assert.Equal(new PostCounts(0, 0, 0, 0), rows.Posts[2]);
        Assert.Equal([(1L, ada), (1L, cy)], await LikersAsync(database));
    }

    [Fact]
    public async Task A_first_like_the_log_holds_changes_nothing_where_post_likes_held_it_from_before_the_range()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "ops_replace_lost_likes", users: 3, posts: 1);
        // The log lost Ada's like from before the range; PostgreSQL still holds it.
        await ExecuteAsync(database, $"insert into post_likes (post_id, user_id, liked_at) values (1, 1, '{Day1:yyyy-MM-dd}T08:00:00Z')");
        List<PipelineEvent> events = [Like(EventTypes.PostLike, 1, 1, MiddleDays.Start.AddHours(1)), Like(EventTypes.PostLike, 2, 1, MiddleDays.Start.AddHours(2))];

        await EventLogGrouping.ReplaceAsync(database.DataSource, MiddleDays, events);

        var rows = await database.ReadAsync();
        Assert.Equal(1, rows.PostDays[new PostDayKey(1, MiddleDays.From)].Likes);
        Assert.Equal(0, rows.UserDays[new UserDayKey(1, MiddleDays.From)].Likes);
        Assert.Equal(1, rows.UserDays[new UserDayKey(2, MiddleDays.From)].Likes);
        Assert.Equal([(1L, 1L), (1L, 2L)], await LikersAsync(database));
    }

    [Fact]
    public async Task Days_without_events_in_the_log_are_emptied_and_a_post_left_with_no_day_loses_its_totals()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "ops_replace_empty", users: 3, posts: 3);
        // Post 1 has days only in the range, post 2 in and before it; the log has events only for post 3.
        await ExecuteAsync(database, $"""
            insert into post_daily_stats (post_id, day, author_id, views, likes, comments, shares) values
                (1, '{MiddleDays.From:yyyy-MM-dd}', {database.AuthorOfPost[1]}, 4, 0, 0, 0),
                (2, '{MiddleDays.From:yyyy-MM-dd}', {database.AuthorOfPost[2]}, 4, 1, 0, 0),
                (2, '{Day1:yyyy-MM-dd}', {database.AuthorOfPost[2]}, 3, 1, 1, 1);
            insert into post_stats (post_id, views, likes, comments, shares) values (1, 4, 0, 0, 0), (2, 7, 2, 1, 1);
            insert into user_daily_activity (user_id, day, events, post_views, likes, comments, shares, follows, sessions)
                values (1, '{MiddleDays.To:yyyy-MM-dd}', 9, 9, 0, 0, 0, 0, 0);
            """);

        var summary = await EventLogGrouping.ReplaceAsync(database.DataSource, MiddleDays,
            [new(3, MiddleDays.To, EventTypes.PostShare, 2)], [new(2, MiddleDays.To, EventTypes.PostShare, 2)], []);

        var rows = await database.ReadAsync();
        Assert.Equal([new PostDayKey(2, Day1), new PostDayKey(3, MiddleDays.To)], rows.PostDays.Keys);
        Assert.Equal(new Dictionary<long, PostCounts> { [2] = new(3, 1, 1, 1), [3] = new(0, 0, 0, 2) }, rows.Posts);
        Assert.Equal([new UserDayKey(2, MiddleDays.To)], rows.UserDays.Keys);
        Assert.Equal(new UserDayCounts(2, 0, 0, 0, 2, 0, 0), rows.UserDays[new UserDayKey(2, MiddleDays.To)]);
        Assert.Equal((2L, 1L, 2L, 1L), (summary.PostDaysDeleted, summary.PostDaysWritten, summary.PostTotalsWritten, summary.PostTotalsDeleted));
    }

    [Fact]
    public async Task A_second_run_with_the_same_rows_changes_nothing()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "ops_replace_twice", users: 10, posts: 12);
        var events = new EventMix(seed, [.. database.Users], [.. database.AuthorOfPost.Keys]).Next(1_000);
        var ids = EventLogGrouping.Ids(events, MiddleDays);

        var first = await EventLogGrouping.ReplaceAsync(database.DataSource, MiddleDays, events);
        var rows = await database.ReadAsync();
        var likers = await LikersAsync(database);
        var second = await EventLogGrouping.ReplaceAsync(database.DataSource, MiddleDays, events);

        AggregateRows.AssertEqual(rows, await database.ReadAsync());
        Assert.Equal(likers, await LikersAsync(database));
        Assert.NotEmpty(likers);
        Assert.Equal(ids.Count, first.EventIdsRecorded);
        Assert.Equal(0, second.EventIdsRecorded);
        Assert.Equal(first with { PostDaysDeleted = first.PostDaysWritten, UserDaysDeleted = first.UserDaysWritten, UserHoursDeleted = first.UserHoursWritten, EventIdsRecorded = 0 }, second);
        Assert.NotEmpty(rows.PostDays);
    }

    [Fact]
    public async Task Two_runs_at_once_take_turns_instead_of_failing_on_each_others_rows()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "ops_replace_together", users: 10, posts: 12);
        var events = new EventMix(seed, [.. database.Users], [.. database.AuthorOfPost.Keys]).Next(2_000);
        await EventLogGrouping.ReplaceAsync(database.DataSource, AllDays, events);
        var once = await database.ReadAsync();
        await using var one = await StageAsync(database, events);
        await using var two = await StageAsync(database, events);

        await Task.WhenAll(
            Task.Run(() => one.ReplaceAsync(AllDays, Cancellation), Cancellation),
            Task.Run(() => two.ReplaceAsync(AllDays, Cancellation), Cancellation));

        AggregateRows.AssertEqual(once, await database.ReadAsync());
    }

    private static async Task<StagedAggregates> StageAsync(AggregatesDatabase database, List<PipelineEvent> events)
    {
        var staged = await StagedAggregates.OpenAsync(database.DataSource, Cancellation);
        await EventLogGrouping.StageAsync(staged, EventLogGrouping.PerPost(events, AllDays), EventLogGrouping.PerUser(events, AllDays), EventLogGrouping.Ids(events, AllDays),
            EventLogGrouping.LikeChanges(events, AllDays), EventLogGrouping.Follows(events, AllDays), EventLogGrouping.PerUserHour(events, AllDays));
        return staged;
    }

    [Fact]
    public async Task Cancelling_before_the_commit_leaves_the_aggregates_as_they_were()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "ops_replace_cancel", users: 10, posts: 12);
        var events = new EventMix(seed, [.. database.Users], [.. database.AuthorOfPost.Keys]).Next(1_000);
        await AggregatesRollup.ApplyAsync(database.DataSource, EventColumns.From(events), Cancellation);
        var before = await database.ReadAsync();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        await using (var staged = await StagedAggregates.OpenAsync(database.DataSource, cancellation.Token))
        {
            await staged.StagePostEventsAsync(EventLogGrouping.Stream(EventLogGrouping.PerPost(events, AllDays)), progress: null, cancellation.Token);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => staged.StageUserEventsAsync(
                CancelAfter(EventLogGrouping.PerUser(events, AllDays), 10, cancellation), progress: null, cancellation.Token));
        }

        AggregateRows.AssertEqual(before, await database.ReadAsync());
        Assert.NotEmpty(before.PostDays);
    }

    /// <summary>The rows, cancelling the run after <paramref name="count"/> of them, as Ctrl+C would mid-stream.</summary>
    private static async IAsyncEnumerable<DailyEventCount> CancelAfter(List<DailyEventCount> rows, int count, CancellationTokenSource cancellation)
    {
        foreach (var (row, index) in rows.Select((row, index) => (row, index)))
        {
            await Task.Yield();
            if (index == count && !cancellation.IsCancellationRequested)
            {
                await cancellation.CancelAsync();
            }
            yield return row;
        }
    }

    /// <summary>The events as a stream delivering them in the order they happened would: the backfill goes by timestamp.</summary>
    private static List<PipelineEvent> InTimeOrder(IEnumerable<PipelineEvent> events) => [.. events.OrderBy(e => e.Timestamp)];

    /// <summary>
    /// Makes every other follow the events ask for (none from or to <paramref name="except"/>) a row
    /// of follows, made before any of the events; returns how many.
    /// </summary>
    private static async Task<int> FollowHalfAsync(AggregatesDatabase database, List<PipelineEvent> events, long except)
    {
        var pairs = events
            .Where(e => e.Type == EventTypes.UserFollow && e.UserId != e.TargetUserId && e.UserId != except && e.TargetUserId != except)
            .Select(e => (e.UserId, Target: e.TargetUserId!.Value))
            .Distinct()
            .Where((_, index) => index % 2 == 0)
            .ToList();
        if (pairs.Count > 0)
        {
            await ExecuteAsync(database, $"insert into follows (follower_id, followee_id, created_at) values {string.Join(", ", pairs.Select(p => $"({p.UserId}, {p.Target}, '{AllDays.Start:O}')"))}");
        }
        return pairs.Count;
    }

    private static PipelineEvent Like(string type, long user, long post, DateTimeOffset at) =>
        new(Guid.CreateVersion7(at), type, user, post, null, at, at, null, null, null);

    private static async Task<List<(long Post, long User)>> LikersAsync(AggregatesDatabase database)
    {
        var likers = new List<(long, long)>();
        await using var command = database.DataSource.CreateCommand("select post_id, user_id from post_likes order by post_id, user_id");
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        while (await reader.ReadAsync(Cancellation))
        {
            likers.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }
        return likers;
    }

    private static bool InMiddle(DateOnly day) => day >= MiddleDays.From && day <= MiddleDays.To;

    private static async Task ExecuteAsync(AggregatesDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Cancellation);
    }
}

using Pulse.Api.Realtime;
using Pulse.Contracts;
using Pulse.Contracts.Realtime;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Realtime;

/// <summary>The decayed and windowed trending boards against a real Redis, on a fake clock.</summary>
public sealed class TrendingTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const double Like = 3, Share = 8, View = 1;

    [Fact]
    public async Task An_older_burst_decays_below_a_newer_smaller_one()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);
        // Post 1: ten likes now (30). Post 2: three likes four hours later (9).
        await realtime.RecordAsync([.. Enumerable.Range(0, 10).Select(_ => realtime.Event(EventTypes.PostLike, 1))]);
        Assert.Equal([1L], (await realtime.TopAsync(TrendingWindow.Decay)).Select(entry => entry.PostId));

        realtime.Time.Advance(TimeSpan.FromHours(4));
        await realtime.RecordAsync([.. Enumerable.Range(0, 3).Select(_ => realtime.Event(EventTypes.PostLike, 2))]);

        var top = await realtime.TopAsync(TrendingWindow.Decay);
        // By hand: two half-lives of 2 h leave 30 / 4 = 7.5 of post 1, below post 2's fresh 9.
        Assert.Equal([2L, 1L], top.Select(entry => entry.PostId));
        Assert.Equal(3 * Like, top[0].Score, 9);
        Assert.Equal(10 * Like / 4, top[1].Score, 9);
    }

    [Fact]
    public async Task An_event_counts_from_when_it_happened_not_when_it_arrived()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);

        await realtime.RecordAsync(realtime.Event(EventTypes.PostShare, 1, at: realtime.Time.GetUtcNow().AddHours(-2)));

        Assert.Equal(Share / 2, Assert.Single(await realtime.TopAsync(TrendingWindow.Decay)).Score, 9);
    }

    [Fact]
    public async Task A_rebase_moves_the_epoch_and_keeps_order_and_relative_scores()
    {
        var options = new RealtimeOptions { RebaseAfterHalfLives = 1 };
        var realtime = await RealtimeRedis.StartAsync(redis, options);
        await realtime.RecordAsync(realtime.Event(EventTypes.PostShare, 1), realtime.Event(EventTypes.PostLike, 2), realtime.Event(EventTypes.PostView, 3));
        realtime.Time.Advance(TimeSpan.FromHours(1));
        await realtime.RecordAsync(realtime.Event(EventTypes.PostLike, 3), realtime.Event(EventTypes.PostView, 1));
        realtime.Time.Advance(TimeSpan.FromHours(2));
        var epochKey = RedisKeys.TrendingEpoch(RedisKeys.DefaultPartition);
        var epochBefore = (long)await realtime.Database.StringGetAsync(epochKey);
        var before = await realtime.TopAsync(TrendingWindow.Decay);
        var storedBefore = await realtime.Database.SortedSetScoreAsync(RedisKeys.TrendingDecay(RedisKeys.DefaultPartition), "1");

        // Three hours after the epoch, past one half-life: the next call rebases.
        await realtime.RecordAsync(realtime.Event(EventTypes.Search, null));

        var epochAfter = (long)await realtime.Database.StringGetAsync(epochKey);
        Assert.Equal(realtime.Time.GetUtcNow().ToUnixTimeMilliseconds(), epochAfter);
        Assert.Equal(TimeSpan.FromHours(3).TotalMilliseconds, epochAfter - epochBefore);
        var storedAfter = await realtime.Database.SortedSetScoreAsync(RedisKeys.TrendingDecay(RedisKeys.DefaultPartition), "1");
        Assert.Equal(storedBefore!.Value * Math.Pow(2, -1.5), storedAfter!.Value, 9);

        var after = await realtime.TopAsync(TrendingWindow.Decay);
        Assert.Equal(before.Select(entry => entry.PostId), after.Select(entry => entry.PostId));
        Assert.All(before.Zip(after), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 9));
        // By hand, three hours on: post 1 = 8/2^1.5 + 1/2^1, post 2 = 3/2^1.5, post 3 = 1/2^1.5 + 3/2^1.
        Assert.Equal([1L, 3L, 2L], after.Select(entry => entry.PostId));
        Assert.Equal(Share * Math.Pow(2, -1.5) + View / 2, after[0].Score, 9);

        // A second call at the same moment finds the epoch already moved: no second rebase.
        await realtime.RecordAsync(realtime.Event(EventTypes.Search, null));
        Assert.Equal(storedAfter.Value, (await realtime.Database.SortedSetScoreAsync(RedisKeys.TrendingDecay(RedisKeys.DefaultPartition), "1"))!.Value);
    }

    [Fact]
    public async Task The_last_hour_leaves_out_an_event_from_two_hours_ago_and_the_last_day_keeps_it()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);
        var now = realtime.Time.GetUtcNow();

        await realtime.RecordAsync(
            realtime.Event(EventTypes.PostShare, 1, at: now.AddHours(-2)),
            realtime.Event(EventTypes.PostLike, 2, at: now.AddMinutes(-5)),
            realtime.Event(EventTypes.PostView, 3, at: now.AddHours(-30)));

        var lastHour = await realtime.TopAsync(TrendingWindow.LastHour);
        var lastDay = await realtime.TopAsync(TrendingWindow.LastDay);

        Assert.Equal([2L], lastHour.Select(entry => entry.PostId));
        Assert.Equal(Like, lastHour[0].Score);
        Assert.Equal([1L, 2L], lastDay.Select(entry => entry.PostId));
        Assert.Equal([Share, Like], lastDay.Select(entry => entry.Score));
    }

    [Fact]
    public async Task The_oldest_bucket_counts_for_the_part_of_it_still_inside_the_window()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);
        // At 12:30, an event at 11:10 is in the 11:00 bucket, half of which is within the last hour.
        await realtime.RecordAsync(realtime.Event(EventTypes.PostShare, 1, at: realtime.Time.GetUtcNow().AddMinutes(-80)));

        Assert.Equal(Share / 2, Assert.Single(await realtime.TopAsync(TrendingWindow.LastHour)).Score, 9);
    }

    [Fact]
    public async Task A_window_is_merged_once_and_served_from_its_cache_until_that_expires()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);
        await realtime.RecordAsync(realtime.Event(EventTypes.PostLike, 1));
        Assert.Equal([1L], (await realtime.TopAsync(TrendingWindow.LastDay)).Select(entry => entry.PostId));

        await realtime.RecordAsync(realtime.Event(EventTypes.PostShare, 2));

        Assert.Equal([1L], (await realtime.TopAsync(TrendingWindow.LastDay)).Select(entry => entry.PostId));
        var cache = RedisKeys.TrendingWindow(RedisKeys.DefaultPartition, TrendingWindows.LastDayName);
        var ttl = await realtime.Database.KeyTimeToLiveAsync(cache);
        Assert.InRange(ttl!.Value, TimeSpan.FromMilliseconds(1), realtime.Options.WindowCacheDuration);

        await realtime.Database.KeyDeleteAsync(cache);
        Assert.Equal([2L, 1L], (await realtime.TopAsync(TrendingWindow.LastDay)).Select(entry => entry.PostId));
    }

    [Fact]
    public async Task Hour_buckets_expire_a_day_after_their_hour()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);

        await realtime.RecordAsync(realtime.Event(EventTypes.PostView, 1));

        var bucket = RedisKeys.TrendingHour(RedisKeys.DefaultPartition, TrendingWindows.UnixHour(realtime.Time.GetUtcNow()));
        var ttl = await realtime.Database.KeyTimeToLiveAsync(bucket);
        // The 12:00 bucket, at 12:30, lives until 13:00 the next day.
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(24.5) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(24.5));
    }
}

using Pulse.Api.Realtime;
using Pulse.Contracts;
using Pulse.Contracts.Realtime;
using Pulse.Pipeline.Scripts;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Realtime;

/// <summary>The event script against a real Redis: dedupe, counters and the stream hand-off.</summary>
public sealed class EventScriptTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_batch_answers_accepted_or_duplicate_per_event_and_streams_only_the_accepted()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);
        var a = realtime.Event(EventTypes.PostView, 1, id: "a");
        var b = realtime.Event(EventTypes.Search, null, id: "b");
        var c = realtime.Event(EventTypes.PostLike, 2, id: "c");

        var first = await realtime.RecordAsync(a, b, a);
        var second = await realtime.RecordAsync(b, c);

        Assert.Equal([EventOutcome.Accepted, EventOutcome.Accepted, EventOutcome.Duplicate], first);
        Assert.Equal([EventOutcome.Duplicate, EventOutcome.Accepted], second);
        Assert.Equal(["a", "b", "c"], await realtime.StreamedIdsAsync());
        Assert.Equal(1, (await realtime.CountersOfAsync(1)).Views);
        Assert.Equal(1, (await realtime.CountersOfAsync(2)).Likes);
    }

    [Fact]
    public async Task Each_event_type_moves_its_own_counter_and_others_move_none()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);

        await realtime.RecordAsync(
            realtime.Event(EventTypes.PostView, 7), realtime.Event(EventTypes.PostView, 7), realtime.Event(EventTypes.PostLike, 7),
            realtime.Event(EventTypes.PostComment, 7), realtime.Event(EventTypes.PostShare, 7), realtime.Event(EventTypes.PostShare, 7),
            realtime.Event(EventTypes.ProfileView, 7), realtime.Event(EventTypes.SessionStart, null));

        Assert.Equal(new PostCounters(7, Views: 2, Likes: 1, Comments: 1, Shares: 2), await realtime.CountersOfAsync(7));
        Assert.Equal(new PostCounters(8, 0, 0, 0, 0), await realtime.CountersOfAsync(8));
        Assert.Equal(8, await realtime.Database.StreamLengthAsync(EventStreamNames.Key));
    }

    [Fact]
    public async Task Counters_are_exact_under_32_concurrent_writers()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);
        const int Writers = 32, Batches = 20;
        // Each batch: 3 views of post 1, a like of post 2, a comment and a share of post 3.
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var batch = 0; batch < Batches; batch++)
            {
                await realtime.RecordAsync(
                    realtime.Event(EventTypes.PostView, 1), realtime.Event(EventTypes.PostView, 1), realtime.Event(EventTypes.PostView, 1),
                    realtime.Event(EventTypes.PostLike, 2), realtime.Event(EventTypes.PostComment, 3), realtime.Event(EventTypes.PostShare, 3));
            }
        }, TestContext.Current.CancellationToken));
        await Task.WhenAll(writers);

        var counters = await realtime.Counters.ReadAsync([1, 2, 3], TestContext.Current.CancellationToken);
        Assert.Equal(
            [new PostCounters(1, Writers * Batches * 3, 0, 0, 0), new PostCounters(2, 0, Writers * Batches, 0, 0), new PostCounters(3, 0, 0, Writers * Batches, Writers * Batches)],
            counters);
        Assert.Equal(Writers * Batches * 6, await realtime.Database.StreamLengthAsync(EventStreamNames.Key));
    }

    [Fact]
    public async Task A_post_s_likes_are_the_users_who_like_it_now()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);
        RealtimeEvent Like(long user) => realtime.Event(EventTypes.PostLike, 4, userId: user);
        RealtimeEvent Unlike(long user) => realtime.Event(EventTypes.PostUnlike, 4, userId: user);

        await realtime.RecordAsync(Unlike(1));
        Assert.Equal(0, (await realtime.CountersOfAsync(4)).Likes);

        await realtime.RecordAsync(Like(1), Unlike(1), Unlike(1));
        Assert.Equal(0, (await realtime.CountersOfAsync(4)).Likes);

        await realtime.RecordAsync(Like(1), Like(1), Like(2), Unlike(3));
        Assert.Equal(2, (await realtime.CountersOfAsync(4)).Likes);

        // Within one batch, in order: user 2 takes theirs back, user 1 likes again (nothing), user 3 likes.
        await realtime.RecordAsync(Unlike(2), Unlike(2), Like(1), Like(3));
        Assert.Equal(2, (await realtime.CountersOfAsync(4)).Likes);
        Assert.Equal(["1", "3"], (await realtime.Database.SetMembersAsync(RedisKeys.PostLikers(RedisKeys.DefaultPartition, 4))).Select(m => m.ToString()).Order());
    }

    [Fact]
    public async Task A_thousand_likes_and_unlikes_from_one_user_leave_the_last_action_s_count_and_a_repeated_like_moves_no_trending_score()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);
        var events = Enumerable.Range(0, 2_000)
            .Select(i => realtime.Event(i % 2 == 0 ? EventTypes.PostLike : EventTypes.PostUnlike, 5, userId: 7))
            .ToList();

        foreach (var batch in events.Chunk(300))
        {
            await realtime.RecordAsync(batch);
        }
        Assert.Equal(0, (await realtime.CountersOfAsync(5)).Likes);
        // Each unlike took its like's weight back: what is left is rounding.
        Assert.InRange(await realtime.Database.SortedSetScoreAsync(RedisKeys.TrendingDecay(RedisKeys.DefaultPartition), 5) ?? 0, -1e-6, 1e-6);

        await realtime.RecordAsync(realtime.Event(EventTypes.PostLike, 5, userId: 7));
        var score = await realtime.Database.SortedSetScoreAsync(RedisKeys.TrendingDecay(RedisKeys.DefaultPartition), 5);
        await realtime.RecordAsync([.. Enumerable.Range(0, 50).Select(_ => realtime.Event(EventTypes.PostLike, 5, userId: 7))]);

        Assert.Equal(1, (await realtime.CountersOfAsync(5)).Likes);
        Assert.Equal(score, await realtime.Database.SortedSetScoreAsync(RedisKeys.TrendingDecay(RedisKeys.DefaultPartition), 5));
    }

    [Fact]
    public async Task An_id_seen_within_the_dedupe_window_is_not_counted_again_and_after_it_is()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);
        var view = realtime.Event(EventTypes.PostView, 5, id: "same-id");

        Assert.Equal([EventOutcome.Accepted], await realtime.RecordAsync(view));
        realtime.Time.Advance(realtime.Options.DedupeWindow - TimeSpan.FromSeconds(1));
        Assert.Equal([EventOutcome.Duplicate], await realtime.RecordAsync(view));
        Assert.Equal(1, (await realtime.CountersOfAsync(5)).Views);

        realtime.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([EventOutcome.Accepted], await realtime.RecordAsync(view));
        Assert.Equal(2, (await realtime.CountersOfAsync(5)).Views);
        Assert.Equal(["same-id", "same-id"], await realtime.StreamedIdsAsync());
    }

    [Fact]
    public async Task A_seen_id_expires_with_the_window_so_its_memory_is_freed()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);

        await realtime.RecordAsync(realtime.Event(EventTypes.PostView, 5, id: "expiring"));

        var ttl = await realtime.Database.KeyTimeToLiveAsync(RedisKeys.SeenEvent(RedisKeys.DefaultPartition, "expiring"));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(14), realtime.Options.DedupeWindow);
    }

    [Fact]
    public async Task The_script_is_loaded_again_when_the_server_forgot_it()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);
        await realtime.RecordAsync(realtime.Event(EventTypes.PostView, 6));

        await realtime.Database.ExecuteAsync("SCRIPT", "FLUSH");
        await realtime.RecordAsync(realtime.Event(EventTypes.PostView, 6));

        Assert.Equal(2, (await realtime.CountersOfAsync(6)).Views);
        var loaded = (RedisResult[])(await realtime.Database.ExecuteAsync("SCRIPT", "EXISTS", RedisScript.Beside<EventRecorder>("RecordEvents.lua").Sha1))!;
        Assert.Equal(1, (long)loaded[0]);
    }

    [Fact]
    public async Task Every_key_one_call_touches_shares_the_partition_hash_tag()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);

        await realtime.RecordAsync(realtime.Event(EventTypes.PostLike, 9), realtime.Event(EventTypes.UserFollow, null));

        var keys = realtime.Connection.GetServer(realtime.Connection.GetEndPoints()[0]).Keys(pattern: "*").Select(key => (string)key!).ToArray();
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.StartsWith(RedisKeys.DefaultPartitionPrefix, key, StringComparison.Ordinal));
        Assert.Contains(EventStreamNames.Key, keys);
    }
}

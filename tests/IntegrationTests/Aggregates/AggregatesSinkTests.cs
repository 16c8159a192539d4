using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Aggregates;

/// <summary>The PostgreSQL aggregates sink against a real server: exact counts, idempotence, concurrency, deletes.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class AggregatesSinkTests(PostgresServer postgres, RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>, IDisposable
{
    private readonly SinkParts parts = new();
    private readonly int seed = Random.Shared.Next();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_gives_exactly_the_aggregates_computed_from_its_events()
    {
        // About as many keys per batch as production sees: thousands of post-days and user-days.
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "aggregates_exact", users: 400, posts: 1_000);
        var events = Mix(database).Next(5_000);
        // A few entries delivered twice within the batch (e.g. read again after a reclaim).
        var repeated = events.Take(25).ToList();
        events = [.. events.Take(4_975), .. repeated];
        using var applied = new MetricCollector<long>(parts.AggregatesMetrics.EventsApplied);
        using var duplicates = new MetricCollector<long>(parts.AggregatesMetrics.DuplicatesSkipped);

        // Open the pool first, so the time below is the batch's, not the connection's.
        await (await database.DataSource.OpenConnectionAsync(Cancellation)).DisposeAsync();
        var stopwatch = Stopwatch.StartNew();
        await parts.Sink(database.DataSource, redis.Connection).WriteAsync(events, Cancellation);
        stopwatch.Stop();

        var expected = Truth(database).Apply(events).Rows;
        AggregateRows.AssertEqual(expected, await database.ReadAsync());
        Assert.Equal(events.Select(e => e.Id).ToHashSet(), await database.IngestedIdsAsync());
        Assert.Equal(4_975, applied.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(25, duplicates.GetMeasurementSnapshot().EvaluateAsCounter());
        // For information only: no test asserts a time.
        output.WriteLine($"One batch of {events.Count:N0} events ({expected.Posts.Count} posts, {expected.PostDays.Count} post-days, {expected.UserDays.Count} user-days) " +
            $"took {stopwatch.Elapsed.TotalMilliseconds:N0} ms: {events.Count / stopwatch.Elapsed.TotalSeconds:N0} events/s (seed {seed}; for information only)");
    }

    [Fact]
    public async Task The_same_batch_again_changes_nothing()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "aggregates_replay", users: 20, posts: 30);
        var events = Mix(database).Next(1_000);
        var sink = parts.Sink(database.DataSource, redis.Connection);
        await sink.WriteAsync(events, Cancellation);
        var before = await database.ReadAsync();
        using var applied = new MetricCollector<long>(parts.AggregatesMetrics.EventsApplied);

        await sink.WriteAsync(events, Cancellation);

        AggregateRows.AssertEqual(before, await database.ReadAsync());
        AggregateRows.AssertEqual(Truth(database).Apply(events).Rows, before);
        Assert.Equal(0, applied.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task A_batch_overlapping_one_already_applied_adds_only_its_new_events()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "aggregates_overlap", users: 20, posts: 30);
        var mix = Mix(database);
        var first = mix.Next(1_000);
        var second = first.Skip(500).Concat(mix.Next(500)).ToList();
        var sink = parts.Sink(database.DataSource, redis.Connection);
        await sink.WriteAsync(first, Cancellation);
        using var applied = new MetricCollector<long>(parts.AggregatesMetrics.EventsApplied);

        await sink.WriteAsync(second, Cancellation);

        AggregateRows.AssertEqual(Truth(database).Apply(first).Apply(second).Rows, await database.ReadAsync());
        Assert.Equal(500, applied.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1_500, (await database.IngestedIdsAsync()).Count);
    }

    [Fact]
    public async Task Two_replicas_applying_overlapping_batches_at_once_apply_each_id_once_without_deadlock()
    {
        // Few posts, users and days: every batch touches the same rows, the worst case for lock order.
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "aggregates_concurrent", users: 8, posts: 10);
        await using var secondPool = Npgsql.NpgsqlDataSource.Create(database.ConnectionString);
        // The floor makes likes depend on the order of application, which two replicas do not fix.
        var events = new EventMix(seed, [.. database.Users], [.. database.AuthorOfPost.Keys]) { Days = 2, WithUnlikes = false }.Next(10_250);
        // Replica one takes events 0-9,999 in batches of 500, replica two 250-10,249: each batch of
        // one shares half its ids with a batch of the other.
        var one = parts.Sink(database.DataSource, redis.Connection);
        var two = parts.Sink(secondPool, redis.Connection);
        using var applied = new MetricCollector<long>(parts.AggregatesMetrics.EventsApplied);

        await Task.WhenAll(
            Task.Run(() => WriteInBatchesAsync(one, events.Take(10_000).ToList()), Cancellation),
            Task.Run(() => WriteInBatchesAsync(two, events.Skip(250).ToList()), Cancellation));

        AggregateRows.AssertEqual(Truth(database).Apply(events).Rows, await database.ReadAsync());
        Assert.Equal(events.Select(e => e.Id).ToHashSet(), await database.IngestedIdsAsync());
        Assert.Equal(10_250, applied.GetMeasurementSnapshot().EvaluateAsCounter());

        static async Task WriteInBatchesAsync(Pulse.Ingestor.Aggregates.AggregatesSink sink, List<PipelineEvent> events)
        {
            foreach (var batch in events.Chunk(500))
            {
                await sink.WriteAsync(batch, Cancellation);
            }
        }
    }

    [Fact]
    public async Task Likes_never_go_below_zero_whatever_the_batch_boundaries()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "aggregates_unlike", users: 3, posts: 2);
        var sink = parts.Sink(database.DataSource, redis.Connection);
        string[] steps = [EventTypes.PostUnlike, EventTypes.PostLike, EventTypes.PostLike, EventTypes.PostUnlike, EventTypes.PostUnlike,
            EventTypes.PostUnlike, EventTypes.PostLike, EventTypes.PostUnlike, EventTypes.PostUnlike, EventTypes.PostLike];
        var onPostOne = Sequence(1, steps);
        var onPostTwo = Sequence(2, steps);

        // Post 1 in one batch, post 2 one event per batch: the floor must give both the same.
        await sink.WriteAsync(onPostOne, Cancellation);
        foreach (var @event in onPostTwo)
        {
            await sink.WriteAsync([@event], Cancellation);
        }

        var rows = await database.ReadAsync();
        // 0 -> 0, 1, 2, 1, 0, 0, 1, 0, 0, 1.
        Assert.Equal(1, rows.Posts[1].Likes);
        Assert.Equal(1, rows.Posts[2].Likes);
        AggregateRows.AssertEqual(Truth(database).Apply(onPostOne).Apply(onPostTwo).Rows, rows);

        await sink.WriteAsync(Sequence(1, [EventTypes.PostUnlike, EventTypes.PostUnlike]), Cancellation);
        Assert.Equal(0, (await database.ReadAsync()).Posts[1].Likes);
    }

    [Fact]
    public async Task Events_on_a_deleted_post_or_by_a_deleted_user_count_what_still_exists_and_do_not_fail_the_batch()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "aggregates_deleted", users: 5, posts: 10);
        var events = Mix(database).Next(400);
        // Deleted after the Api accepted the events: a post, and a user with their own posts (cascaded).
        await database.DeletePostAsync(events.First(e => e.PostId is not null).PostId!.Value);
        var deletedUser = events.Last().UserId;
        await database.DeleteUserAsync(deletedUser);
        Assert.Contains(events, e => e.PostId is { } post && !database.AuthorOfPost.ContainsKey(post));
        Assert.Contains(events, e => e.UserId == deletedUser && e.PostId is { } post && database.AuthorOfPost.ContainsKey(post));

        await parts.Sink(database.DataSource, redis.Connection).WriteAsync(events, Cancellation);

        AggregateRows.AssertEqual(Truth(database).Apply(events).Rows, await database.ReadAsync());
        Assert.Equal(events.Select(e => e.Id).ToHashSet(), await database.IngestedIdsAsync());
    }

    private EventMix Mix(AggregatesDatabase database) => new(seed, [.. database.Users], [.. database.AuthorOfPost.Keys]);

    private static GroundTruth Truth(AggregatesDatabase database) => new(database.AuthorOfPost, database.Users);

    private static List<PipelineEvent> Sequence(long postId, string[] types)
    {
        var at = EventMix.FirstDay.AddHours(12);
        return [.. types.Select((type, i) => new PipelineEvent(Guid.CreateVersion7(), type, 1 + i % 3, postId, null, at.AddSeconds(i), at.AddSeconds(i), null, null, null))];
    }

    public void Dispose()
    {
        output.WriteLine($"Event mix seed: {seed}");
        parts.Dispose();
    }
}

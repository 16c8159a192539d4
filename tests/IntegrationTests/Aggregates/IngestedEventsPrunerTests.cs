using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Ingestor.Aggregates;
using Pulse.Pipeline;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using Pulse.ServiceDefaults.Retention;

namespace Pulse.IntegrationTests.Aggregates;

/// <summary>
/// Dedupe retention: ids older than the retention go, in small batches; younger ones stay, and so
/// do the ids of events the group dead-lettered (a real Redis holds the dead letters).
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class IngestedEventsPrunerTests(PostgresServer postgres, RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly SinkParts parts = new();
    private AggregatesDatabase database = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await redis.FlushAsync();
        database = await AggregatesDatabase.CreateAsync(postgres, "aggregates_prune", users: 1, posts: 1);
    }

    [Fact]
    public async Task The_ids_of_events_the_group_dead_lettered_are_kept_whatever_their_age()
    {
        var now = time.GetUtcNow();
        var old = await InsertIdsAsync(3, now - Retention - TimeSpan.FromDays(30));
        // The aggregates group dead-lettered old[0]; a client resent it since and it was applied. The
        // event log dead-lettered old[1]: that one the aggregates group stored, and no replay gives it back.
        var kit = new Ingestor.StreamTestKit(redis.Connection);
        await DeadLetterAsync(kit, EventStreamNames.Groups.Aggregates, old[0]);
        await DeadLetterAsync(kit, EventStreamNames.Groups.EventLog, old[1]);

        var count = await Pruner(batchSize: 100).PruneAsync(Cancellation);

        Assert.Equal(2, count);
        Assert.Equal([old[0]], await database.IngestedIdsAsync());
    }

    [Fact]
    public async Task While_the_dead_letters_cannot_be_read_nothing_is_pruned()
    {
        await InsertIdsAsync(3, time.GetUtcNow() - Retention - TimeSpan.FromDays(1));
        using var unreachable = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200,asyncTimeout=500");
        var pruner = Pruner(batchSize: 100, new DeadLetters(unreachable, time));

        await Assert.ThrowsAnyAsync<StackExchange.Redis.RedisException>(() => pruner.PruneAsync(Cancellation));

        Assert.Equal(3, (await database.IngestedIdsAsync()).Count);
    }

    private static async Task DeadLetterAsync(Ingestor.StreamTestKit kit, string group, Guid eventId)
    {
        var @event = Ingestor.StreamTestKit.Event() with { Id = eventId };
        var entryId = await kit.AddRawAsync(PipelineJson.Serialize(@event));
        await kit.Database.StreamCreateConsumerGroupAsync(kit.Stream, group, StackExchange.Redis.StreamPosition.Beginning);
        var entry = (await kit.Database.StreamReadGroupAsync(kit.Stream, group, "replica-1", StackExchange.Redis.StreamPosition.NewMessages, 10)).Single(e => e.Id == entryId);
        await kit.DeadLetters.MoveAsync(kit.Stream, group, entry, "23514: check constraint", 5);
    }

    [Fact]
    public async Task Removes_only_ids_older_than_the_retention_in_batches()
    {
        var now = time.GetUtcNow();
        var old = await InsertIdsAsync(250, now - Retention - TimeSpan.FromDays(1));
        var justExpired = await InsertIdsAsync(1, now - Retention - TimeSpan.FromSeconds(1));
        var justKept = await InsertIdsAsync(1, now - Retention + TimeSpan.FromSeconds(1));
        var recent = await InsertIdsAsync(20, now - TimeSpan.FromHours(1));
        using var pruned = new MetricCollector<long>(parts.AggregatesMetrics.IdsPruned);

        // Batches of 100: three statements for 251 ids.
        var count = await Pruner(batchSize: 100).PruneAsync(Cancellation);

        Assert.Equal(251, count);
        Assert.Equal(justKept.Concat(recent).ToHashSet(), await database.IngestedIdsAsync());
        Assert.Equal(251, pruned.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal([100, 100, 51], pruned.GetMeasurementSnapshot().Select(m => m.Value));
        Assert.DoesNotContain(justExpired[0], await database.IngestedIdsAsync());
        Assert.NotEmpty(old);
    }

    [Fact]
    public async Task The_background_service_prunes_on_start_and_again_as_its_clock_moves_on()
    {
        var pruner = Pruner(batchSize: 100);
        await InsertIdsAsync(3, time.GetUtcNow() - Retention - TimeSpan.FromMinutes(1));
        // Expires one minute after the first pass.
        await InsertIdsAsync(2, time.GetUtcNow() - Retention + TimeSpan.FromSeconds(30));

        await pruner.StartAsync(Cancellation);
        try
        {
            await Eventually.ReturnsAsync(async () => (await database.IngestedIdsAsync()).Count, count => count == 2, TimeSpan.FromSeconds(20), "the first pass to remove the 3 expired ids");
            // Each look moves the clock a minute on, so the wait holds whenever the service reaches its delay.
            await Eventually.ReturnsAsync(async () =>
            {
                time.Advance(TimeSpan.FromMinutes(1));
                return (await database.IngestedIdsAsync()).Count;
            }, count => count == 0, TimeSpan.FromSeconds(20), "a later pass, once the clock moved on, to remove the other 2");
        }
        finally
        {
            await pruner.StopAsync(CancellationToken.None);
        }
    }

    private IngestedEventsPruner Pruner(int batchSize, DeadLetters? deadLetters = null) =>
        new(database.DataSource,
            deadLetters ?? new DeadLetters(redis.Connection, time),
            Options.Create(new AggregatesOptions { PruneBatchSize = batchSize, PruneInterval = TimeSpan.FromMinutes(1) }),
            Options.Create(new RetentionOptions { DedupeIds = Retention }),
            time,
            parts.AggregatesMetrics,
            NullLogger<IngestedEventsPruner>.Instance);

    private async Task<Guid[]> InsertIdsAsync(int count, DateTimeOffset ingestedAt)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).Order().ToArray();
        await using var command = database.DataSource.CreateCommand("insert into ingested_events (event_id, ingested_at) select unnest(@ids), @at");
        command.Parameters.AddWithValue("ids", ids);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", ingestedAt));
        await command.ExecuteNonQueryAsync(Cancellation);
        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        parts.Dispose();
        await database.DisposeAsync();
    }
}

using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Pulse.Ingestor.Aggregates;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Aggregates;

/// <summary>Dedupe retention: ids older than the retention go, in small batches; younger ones stay.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class IngestedEventsPrunerTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly SinkParts parts = new();
    private AggregatesDatabase database = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        database = await AggregatesDatabase.CreateAsync(postgres, "aggregates_prune", users: 1, posts: 1);

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

    private IngestedEventsPruner Pruner(int batchSize) =>
        new(database.DataSource,
            Options.Create(new AggregatesOptions { DedupeRetention = Retention, PruneBatchSize = batchSize, PruneInterval = TimeSpan.FromMinutes(1) }),
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

using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Contracts;
using Pulse.ServiceDefaults.Retention;
using Pulse.Pipeline;
using Pulse.ServiceDefaults;
using StackExchange.Redis;

namespace Pulse.Ingestor.Aggregates;

/// <summary>
/// Forgets applied event ids once they are older than <see cref="RetentionOptions.DedupeIds"/>,
/// so <c>ingested_events</c> stays the size of the retention. Each statement deletes at most
/// <see cref="AggregatesOptions.PruneBatchSize"/> of the oldest ids (the <c>ingested_at</c> index)
/// in its own short transaction and skips rows another transaction holds, so it never makes
/// ingestion wait for long, and several replicas can prune at once. The ids of events the group
/// dead-lettered are kept whatever their age: a replay gives such an event back however late, and
/// a client may have resent it meanwhile; while the dead letters cannot be read, nothing is pruned.
/// </summary>
public sealed class IngestedEventsPruner(
    NpgsqlDataSource dataSource,
    DeadLetters deadLetters,
    IOptions<AggregatesOptions> options,
    IOptions<RetentionOptions> retention,
    TimeProvider time,
    AggregatesMetrics metrics,
    ILogger<IngestedEventsPruner> logger) : BackgroundService
{
    private const string DeleteOldest = """
        delete from ingested_events
        where event_id in (
            select event_id from ingested_events
            where ingested_at < @cutoff
              and not (event_id = any(@kept))
            order by ingested_at
            limit @limit
            for update skip locked)
        """;

    private readonly AggregatesOptions settings = options.Value;
    private readonly TimeSpan keptFor = retention.Value.DedupeIds;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var untraced = UntracedWork.Begin();
                var pruned = await PruneAsync(stoppingToken);
                if (pruned > 0)
                {
                    logger.LogInformation("Pruned {Count} event ids older than {Retention}", pruned, keptFor);
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or RedisException or TimeoutException)
            {
                // PostgreSQL or Redis away: ingestion waits for them too; try again next round.
                logger.LogWarning(exception, "Pruning ingested event ids failed");
            }
            await Task.Delay(settings.PruneInterval, time, stoppingToken);
        }
    }

    /// <summary>Deletes every id older than the retention, batch by batch; returns how many.</summary>
    public async Task<long> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - keptFor;
        var deadLettered = (await deadLetters.EventIdsAsync(EventStreamNames.Groups.Aggregates, cancellationToken)).ToArray();
        long total = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand(DeleteOldest);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cutoff", cutoff));
            command.Parameters.Add(new NpgsqlParameter<int>("limit", settings.PruneBatchSize));
            command.Parameters.Add(new NpgsqlParameter<Guid[]>("kept", deadLettered));
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            metrics.IdsPruned.Add(deleted);
            if (deleted < settings.PruneBatchSize)
            {
                return total;
            }
        }
    }
}

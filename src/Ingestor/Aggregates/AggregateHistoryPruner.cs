using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.ServiceDefaults.Retention;
using Pulse.Ingestor.Streams;
using Pulse.ServiceDefaults;

namespace Pulse.Ingestor.Aggregates;

/// <summary>
/// Deletes the rows of the daily and hourly aggregate tables older than <c>Pulse:Retention</c>
/// (<see cref="HistoryTable.All"/>), batch by batch like <see cref="IngestedEventsPruner"/>. The
/// cutoff moves once a UTC day, so a table is looked at only when its cutoff moved since its last
/// complete pass; the look is untraced, and only a pass that finds rows to delete is a trace.
/// </summary>
public sealed partial class AggregateHistoryPruner(
    NpgsqlDataSource dataSource,
    IOptions<AggregatesOptions> options,
    IOptions<RetentionOptions> retention,
    TimeProvider time,
    AggregatesMetrics metrics,
    ILogger<AggregateHistoryPruner> logger) : BackgroundService
{
    private readonly AggregatesOptions settings = options.Value;
    private readonly Dictionary<string, DateOnly> prunedTo = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                // PostgreSQL away: ingestion waits for it too; the cutoff is not marked done, so the next round tries again.
                LogFailed(exception);
            }
            await Task.Delay(settings.PruneInterval, time, stoppingToken);
        }
    }

    /// <summary>Deletes every row older than its table's retention; returns how many per table (tables looked at only).</summary>
    public async Task<IReadOnlyDictionary<string, long>> PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deleted = new Dictionary<string, long>();
        foreach (var table in HistoryTable.All)
        {
            if (table.KeptFor(retention.Value) is not { } keptFor)
            {
                continue;
            }
            var firstDayKept = HistoryTable.FirstDayKept(now, keptFor);
            if (prunedTo.TryGetValue(table.Name, out var done) && done == firstDayKept)
            {
                continue;
            }
            deleted[table.Name] = await PruneAsync(table, firstDayKept, cancellationToken);
            prunedTo[table.Name] = firstDayKept;
        }
        return deleted;
    }

    private async Task<long> PruneAsync(HistoryTable table, DateOnly firstDayKept, CancellationToken cancellationToken)
    {
        using (UntracedWork.Begin())
        {
            await using var probe = dataSource.CreateCommand(table.AnyOlderSql);
            probe.Parameters.Add(Cutoff(table, firstDayKept));
            if (await probe.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return 0;
            }
        }

        using var activity = IngestorMetrics.ActivitySource.StartActivity($"prune {table.Name}", ActivityKind.Internal);
        activity?.SetTag("db.collection.name", table.Name);
        activity?.SetTag("pulse.retention.first_day_kept", firstDayKept.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        long total = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand(table.DeleteOlderSql);
            command.Parameters.Add(Cutoff(table, firstDayKept));
            command.Parameters.Add(new NpgsqlParameter<int>("limit", settings.PruneBatchSize));
            var batch = await command.ExecuteNonQueryAsync(cancellationToken);
            total += batch;
            metrics.HistoryRowsPruned.Add(batch, new KeyValuePair<string, object?>("db.collection.name", table.Name));
            if (batch < settings.PruneBatchSize)
            {
                break;
            }
        }
        activity?.SetTag("db.response.returned_rows", total);
        LogPruned(total, table.Name, firstDayKept);
        return total;
    }

    private static NpgsqlParameter Cutoff(HistoryTable table, DateOnly firstDayKept) => table.TimestampColumn
        ? new NpgsqlParameter<DateTimeOffset>("cutoff", new DateTimeOffset(firstDayKept.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
        : new NpgsqlParameter<DateOnly>("cutoff", firstDayKept);

    [LoggerMessage(LogLevel.Information, "Pruned {Count} rows of {Table} before {FirstDayKept}")]
    private partial void LogPruned(long count, string table, DateOnly firstDayKept);

    [LoggerMessage(LogLevel.Warning, "Pruning the aggregate history failed")]
    private partial void LogFailed(Exception exception);
}

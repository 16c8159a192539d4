using Npgsql;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Ingestor.Notifications;
using Pulse.Ingestor.Streams;

namespace Pulse.Ingestor.Aggregates;

/// <summary>
/// The <c>aggregates</c> consumer group's sink: applies each batch to the PostgreSQL aggregates in
/// one transaction (see <see cref="AggregatesRollup"/>), then tells the users concerned. Idempotent:
/// an id already in <c>ingested_events</c> changes nothing, whichever replica sees it again.
/// </summary>
public sealed class AggregatesSink(
    NpgsqlDataSource dataSource,
    NotificationPublisher notifications,
    AggregatesMetrics metrics,
    ILogger<AggregatesSink> logger) : IEventBatchSink
{
    public string Group => EventStreamNames.Groups.Aggregates;

    public bool IsTransient(Exception exception) => PostgresFailures.IsTransient(exception);

    /// <summary>Every event the Api accepts fits the aggregates' columns: a failure here is counted and retried.</summary>
    public bool IsUnstorable(Exception exception) => false;

    public bool IsEntryFault(Exception exception) => PostgresFailures.IsEntryFault(exception);

    public async Task WriteAsync(IReadOnlyList<PipelineEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }
        var applied = await AggregatesRollup.ApplyAsync(dataSource, EventColumns.From(events), cancellationToken);
        metrics.EventsApplied.Add(applied.Applied);
        metrics.DuplicatesSkipped.Add(events.Count - applied.Applied);
        logger.LogDebug("Applied {Applied} of {Count} events to the aggregates", applied.Applied, events.Count);

        if (applied.Applied > 0)
        {
            // Committed: from here on nothing may fail the batch, or its entries would be read again.
            await notifications.PublishAsync(applied.Notifications);
        }
    }
}

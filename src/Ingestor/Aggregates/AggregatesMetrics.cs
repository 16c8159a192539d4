using System.Diagnostics.Metrics;
using Pulse.ServiceDefaults;

namespace Pulse.Ingestor.Aggregates;

/// <summary>Counters of the aggregates sink and its dedupe table, on the Ingestor's Meter.</summary>
public sealed class AggregatesMetrics : IDisposable
{
    private readonly Meter meter;

    public AggregatesMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(PulseTelemetry.IngestorSource);
        EventsApplied = meter.CreateCounter<long>("pulse.ingestor.aggregates.events.applied", "{event}", "Events applied to the PostgreSQL aggregates for the first time.");
        DuplicatesSkipped = meter.CreateCounter<long>("pulse.ingestor.aggregates.events.duplicates", "{event}", "Events skipped because their id was already applied (replays, redeliveries).");
        IdsPruned = meter.CreateCounter<long>("pulse.ingestor.aggregates.dedupe.pruned", "{row}", "Event ids removed from ingested_events after the dedupe retention.");
        HistoryRowsPruned = meter.CreateCounter<long>("pulse.ingestor.aggregates.history.pruned", "{row}", "Rows of the daily and hourly aggregate tables removed after their retention, by table.");
    }

    public Counter<long> EventsApplied { get; }

    public Counter<long> DuplicatesSkipped { get; }

    public Counter<long> IdsPruned { get; }

    public Counter<long> HistoryRowsPruned { get; }

    public void Dispose() => meter.Dispose();
}

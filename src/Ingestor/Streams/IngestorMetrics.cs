using System.Diagnostics;
using System.Diagnostics.Metrics;
using Pulse.Contracts.Pipeline;
using Pulse.ServiceDefaults;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// The Ingestor's spans and instruments, under Pulse's own ActivitySource and Meter. Every
/// measurement is tagged with its consumer group. Where OpenTelemetry's messaging conventions name
/// a measure (messages consumed, processing time), that name and its attribute are used.
/// </summary>
public sealed class IngestorMetrics : IDisposable
{
    public static readonly ActivitySource ActivitySource = new(PulseTelemetry.IngestorSource);

    private readonly Meter meter;
    private volatile PipelineStatus? status;

    public IngestorMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(PulseTelemetry.IngestorSource);
        EntriesRead = meter.CreateCounter<long>("messaging.client.consumed.messages", "{message}", "Stream entries read by a consumer group.");
        EventsIngested = meter.CreateCounter<long>("pulse.ingestor.events.ingested", "{event}", "Events a group's sink stored and the group acknowledged.");
        EntriesReclaimed = meter.CreateCounter<long>("pulse.ingestor.entries.reclaimed", "{entry}", "Entries pending too long, claimed with XAUTOCLAIM and tried again.");
        EntryFailures = meter.CreateCounter<long>("pulse.ingestor.entries.failed", "{entry}", "Attempts at one entry that failed on its own (counted toward the dead-letter stream).");
        DeadLettered = meter.CreateCounter<long>("pulse.ingestor.entries.dead_lettered", "{entry}", "Entries moved to the dead-letter stream.");
        BatchFailures = meter.CreateCounter<long>("pulse.ingestor.batch.failures", "{batch}", "Batches whose read, sink or acknowledgement failed as a whole (a store or Redis down).");
        BatchSize = meter.CreateHistogram<int>("pulse.ingestor.batch.size", "{entry}", "Entries per batch handed to a sink.");
        BatchDuration = meter.CreateHistogram<double>("messaging.process.duration", "s", "Time from read to acknowledgement of one batch.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        Freshness = meter.CreateHistogram<double>("pulse.ingestor.event.freshness", "s",
            "Time from the Api's 202 (the event's receipt) to the event stored in the group's store: how far behind what readers see is.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        EntriesTrimmed = meter.CreateCounter<long>("pulse.ingestor.stream.trimmed", "{entry}", "Entries trimmed from the stream after every group that is not retired acknowledged them.");
        EntriesLost = meter.CreateCounter<long>("pulse.ingestor.entries.lost", "{entry}", "Pending entries found gone from the stream before their group acknowledged them; each is dead-lettered with the reason.");
        EventsOfErasedUsers = meter.CreateCounter<long>("pulse.ingestor.events.erased", "{event}", "Events of erased users dropped unstored: they were on their way when the erasure began, or were sent for the user after it.");

        meter.CreateObservableGauge("pulse.ingestor.lag.entries", () => FromGroups(group => (group.Lag ?? 0) + group.Pending),
            "{entry}", "Entries a group has not acknowledged yet (not delivered plus pending).");
        meter.CreateObservableGauge("pulse.ingestor.lag.age", () => FromGroups(group => group.OldestUnacknowledgedAgeSeconds),
            "s", "Age of the oldest entry a group has not acknowledged.");
        meter.CreateObservableGauge("pulse.ingestor.dead_letters", () => status is { } current ? [new Measurement<long>(current.DeadLetters)] : Array.Empty<Measurement<long>>(),
            "{entry}", "Entries waiting in the dead-letter stream.");
    }

    public Counter<long> EntriesRead { get; }

    public Counter<long> EventsIngested { get; }

    public Counter<long> EntriesReclaimed { get; }

    public Counter<long> EntryFailures { get; }

    public Counter<long> DeadLettered { get; }

    public Counter<long> BatchFailures { get; }

    public Histogram<int> BatchSize { get; }

    /// <summary>Seconds, per <see cref="BatchDuration"/>'s convention.</summary>
    public Histogram<double> BatchDuration { get; }

    public Histogram<double> Freshness { get; }

    public Counter<long> EntriesTrimmed { get; }

    public Counter<long> EntriesLost { get; }

    public Counter<long> EventsOfErasedUsers { get; }

    /// <summary>The latest inspection of the stream, which the lag gauges report.</summary>
    public void Observe(PipelineStatus latest) => status = latest;

    /// <summary>The consumer group, by OpenTelemetry's messaging attribute.</summary>
    public static KeyValuePair<string, object?> GroupTag(string group) => new("messaging.consumer.group.name", group);

    private IEnumerable<Measurement<T>> FromGroups<T>(Func<ConsumerGroupStatus, T> value) where T : struct =>
        status is { } current
            ? current.Groups.Where(group => group.Exists && group.State != ConsumerGroupState.Retired).Select(group => new Measurement<T>(value(group), GroupTag(group.Name)))
            : [];

    public void Dispose() => meter.Dispose();
}

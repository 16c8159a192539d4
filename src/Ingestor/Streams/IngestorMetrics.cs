using System.Diagnostics;
using System.Diagnostics.Metrics;
using Pulse.ServiceDefaults;

namespace Pulse.Ingestor.Streams;

/// <summary>The Ingestor's spans and counters, under Pulse's own ActivitySource and Meter.</summary>
public sealed class IngestorMetrics : IDisposable
{
    public static readonly ActivitySource ActivitySource = new(PulseTelemetry.IngestorSource);

    private readonly Meter meter;

    public IngestorMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(PulseTelemetry.IngestorSource);
        EntriesRead = meter.CreateCounter<long>("pulse.ingestor.entries.read", "{entry}", "Stream entries read by a consumer group.");
        EntriesAcknowledged = meter.CreateCounter<long>("pulse.ingestor.entries.acknowledged", "{entry}", "Stream entries acknowledged after their sink committed.");
        BatchFailures = meter.CreateCounter<long>("pulse.ingestor.batch.failures", "{batch}", "Batches whose read, sink or acknowledgement failed.");
        BatchDuration = meter.CreateHistogram<double>("pulse.ingestor.batch.duration", "ms", "Time from read to acknowledgement of one batch.");
    }

    public Counter<long> EntriesRead { get; }

    public Counter<long> EntriesAcknowledged { get; }

    public Counter<long> BatchFailures { get; }

    public Histogram<double> BatchDuration { get; }

    public void Dispose() => meter.Dispose();
}

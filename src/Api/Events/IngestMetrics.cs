using System.Diagnostics.Metrics;
using Pulse.ServiceDefaults;

namespace Pulse.Api.Events;

/// <summary>The ingest endpoint's counters, on Pulse's Api Meter.</summary>
public sealed class IngestMetrics : IDisposable
{
    private readonly Meter meter;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(PulseTelemetry.ApiSource);
        Accepted = meter.CreateCounter<long>("pulse.api.events.accepted", "{event}", "Events accepted: counted in Redis and appended to the stream.");
        Duplicates = meter.CreateCounter<long>("pulse.api.events.duplicates", "{event}", "Events resent within the dedupe window: answered 202, counted nowhere.");
        Rejected = meter.CreateCounter<long>("pulse.api.events.rejected", "{batch}", "Batches refused, by reason (invalid, too_large, not_json, unknown_reference, budget, backlog_share, backlog, redis_unavailable, postgres_unavailable).");
    }

    public Counter<long> Accepted { get; }

    public Counter<long> Duplicates { get; }

    public Counter<long> Rejected { get; }

    public void Reject(string reason) => Rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => meter.Dispose();
}

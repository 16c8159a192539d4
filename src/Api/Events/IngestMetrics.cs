using System.Diagnostics.Metrics;
using System.Security.Claims;
using Pulse.Api.Security;
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
        Rejected = meter.CreateCounter<long>("pulse.api.events.rejected", "{batch}", "Batches refused, by reason (invalid, too_large, not_json, unknown_reference, budget, backlog_share, backlog, redis_unavailable, postgres_unavailable) and caller.");
    }

    public Counter<long> Accepted { get; }

    public Counter<long> Duplicates { get; }

    public Counter<long> Rejected { get; }

    /// <summary>Counts a refused batch, by reason and by caller: an API key by its id, every session as one (users are too many to name).</summary>
    public void Reject(string reason, ClaimsPrincipal caller) =>
        Rejected.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>(CallerTag, CallerOf(caller)));

    public const string CallerTag = "pulse.caller";

    public static string CallerOf(ClaimsPrincipal caller) =>
        caller.FindFirstValue(PulseAuth.KeyIdClaim) is null ? "session" : EventBudgets.CallerName(caller);

    public void Dispose() => meter.Dispose();
}

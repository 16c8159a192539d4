using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using Pulse.Pipeline;

namespace Pulse.Api.Freshness;

/// <summary>
/// The aggregates consumer group's applied watermark (<see cref="StreamInspector.WatermarkAsync"/>),
/// inspected at most once per <see cref="FreshnessOptions.CacheDuration"/> by this replica: callers
/// within the period share the last inspection, and callers while one runs wait for it (one
/// inspection in flight at a time). A failed inspection is not kept: the next caller tries again.
/// </summary>
public sealed class AggregatesWatermark(StreamInspector inspector, IOptions<FreshnessOptions> options, TimeProvider time)
{
    private readonly Lock gate = new();
    private Task<GroupWatermark>? inspection;
    private DateTimeOffset startedAt;

    public async Task<AggregatesFreshness> ReadAsync(CancellationToken cancellationToken)
    {
        var watermark = await Current().WaitAsync(cancellationToken);
        var threshold = options.Value.BehindThreshold;
        return new AggregatesFreshness(
            watermark.Group,
            watermark.State,
            watermark.Exists,
            watermark.Watermark,
            watermark.Behind?.TotalSeconds,
            threshold.TotalSeconds,
            watermark.Behind > threshold,
            watermark.CheckedAt);
    }

    private Task<GroupWatermark> Current()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            var reusable = inspection is { IsFaulted: false, IsCanceled: false }
                && (!inspection.IsCompleted || now - startedAt < options.Value.CacheDuration);
            if (!reusable)
            {
                startedAt = now;
                // Not cancelled by any one caller: others may be waiting for it.
                inspection = inspector.WatermarkAsync(EventStreamNames.Key, EventStreamNames.Groups.Aggregates, CancellationToken.None);
            }
            return inspection!;
        }
    }
}

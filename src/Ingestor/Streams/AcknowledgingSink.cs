using Pulse.Contracts;
using Pulse.Contracts.Events;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// The walking skeleton's sink: it writes nothing, so every entry read is acknowledged. It proves
/// the Api-to-Ingestor hand-off end to end until the MongoDB and PostgreSQL sinks replace it.
/// </summary>
public sealed class AcknowledgingSink(ILogger<AcknowledgingSink> logger) : IEventBatchSink
{
    public string Group => EventStreamNames.Groups.Aggregates;

    public bool IsTransient(Exception exception) => false;

    public Task WriteAsync(IReadOnlyList<PipelineEvent> events, CancellationToken cancellationToken)
    {
        logger.LogDebug("Acknowledging {Count} entries without a sink", events.Count);
        return Task.CompletedTask;
    }
}

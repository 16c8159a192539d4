using StackExchange.Redis;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// The walking skeleton's sink: it writes nothing, so every entry read is acknowledged. It proves
/// the Api-to-Ingestor hand-off end to end until the MongoDB and PostgreSQL sinks replace it.
/// </summary>
public sealed class AcknowledgingSink(ILogger<AcknowledgingSink> logger) : IEventBatchSink
{
    public Task WriteAsync(IReadOnlyList<StreamEntry> entries, CancellationToken cancellationToken)
    {
        logger.LogDebug("Acknowledging {Count} entries without a sink", entries.Count);
        return Task.CompletedTask;
    }
}

using StackExchange.Redis;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// Where a consumer group's entries go. The consumer acknowledges a batch only after
/// <see cref="WriteAsync"/> returned, so a sink must have committed everything by then.
/// </summary>
public interface IEventBatchSink
{
    Task WriteAsync(IReadOnlyList<StreamEntry> entries, CancellationToken cancellationToken);
}

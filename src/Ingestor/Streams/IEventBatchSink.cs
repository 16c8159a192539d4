using Pulse.Contracts.Events;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// Where one consumer group's events go. The consumer acknowledges a batch only after
/// <see cref="WriteAsync"/> returned, so a sink must have committed everything by then, and it
/// must be idempotent: after a crash the same events come again.
/// </summary>
public interface IEventBatchSink
{
    /// <summary>The consumer group this sink serves (see <see cref="Contracts.EventStreamNames.Groups"/>).</summary>
    string Group { get; }

    Task WriteAsync(IReadOnlyList<PipelineEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="exception"/> from <see cref="WriteAsync"/> says the store is
    /// unavailable (retry the same batch later, count nothing against its entries) rather than
    /// that something in the batch is wrong (isolate the entry and count the failure).
    /// </summary>
    bool IsTransient(Exception exception);
}

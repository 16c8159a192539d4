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

    /// <summary>
    /// Whether <paramref name="exception"/> says the event itself can never be stored as it is (it
    /// has no form the store accepts), so no retry can help: the entry goes to the dead letters at
    /// once, with the reason, instead of after its attempts, and holds nothing back meanwhile.
    /// </summary>
    bool IsUnstorable(Exception exception);

    /// <summary>
    /// Whether <paramref name="exception"/> names something of the event itself (a constraint it
    /// breaks, a value out of range), so that many entries failing with it are many bad events, not a
    /// store at fault. Any other error that every entry of a batch shares is taken for the store's.
    /// </summary>
    bool IsEntryFault(Exception exception);
}

using Pulse.Contracts.Events;

namespace Pulse.LoadGen.Traffic;

/// <summary>
/// Events to send together. <see cref="DueAt"/> is the newest timestamp in it: live traffic is sent
/// once the clock has reached it, so no event is ever from the future. A retry resends events of the
/// batch before it, with the same ids.
/// </summary>
public sealed record TrafficBatch(IReadOnlyList<IngestEvent> Events, DateTimeOffset DueAt, bool IsRetry);

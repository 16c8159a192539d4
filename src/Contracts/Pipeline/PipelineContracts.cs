using System.Text.Json.Serialization;

namespace Pulse.Contracts.Pipeline;

/// <summary>The event stream and its consumer groups right now (<c>GET /api/admin/pipeline</c>).</summary>
/// <param name="StreamLength">Entries still in the stream: those not yet acknowledged by every group that is not retired, and any not trimmed yet.</param>
/// <param name="DeadLetters">Entries in the dead-letter stream, waiting to be replayed.</param>
public sealed record PipelineStatus(string Stream, long StreamLength, long DeadLetters, IReadOnlyList<ConsumerGroupStatus> Groups, DateTimeOffset CheckedAt);

/// <param name="State">What the operator decided: running (the default), paused or retired.</param>
/// <param name="Decision">Who paused or retired the group, when and why; null while it runs.</param>
/// <param name="Exists">Whether the group exists on the stream (a retired group was removed from it; a new one is created by the first Ingestor).</param>
/// <param name="Lag">Entries not yet delivered to the group; null when Redis cannot tell cheaply.</param>
/// <param name="Pending">Entries delivered but not yet acknowledged.</param>
/// <param name="OldestUnacknowledgedAgeSeconds">Age of the oldest entry the group has not acknowledged (pending or not yet delivered); 0 when it is caught up.</param>
/// <param name="HoldsBackTrimming">Whether this group's oldest unacknowledged entry is where trimming stops: the group that keeps the stream long.</param>
public sealed record ConsumerGroupStatus(
    string Name,
    ConsumerGroupState State,
    GroupDecision? Decision,
    bool Exists,
    long? Lag,
    long Pending,
    int Consumers,
    string LastDeliveredId,
    double OldestUnacknowledgedAgeSeconds,
    bool HoldsBackTrimming);

/// <summary>A consumer group's state, which only an operator changes (<c>pulse-ops pipeline</c> or the admin endpoints).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConsumerGroupState>))]
public enum ConsumerGroupState
{
    /// <summary>Consumed by every replica with a sink for it; holds back trimming.</summary>
    Running,

    /// <summary>Not consumed until resumed; its entries wait in the stream and hold back trimming.</summary>
    Paused,

    /// <summary>Given up: removed from the stream, consumed by no replica, holds back nothing.</summary>
    Retired,
}

/// <summary>An operator's decision about a group, kept with it (<see cref="EventStreamNames.GroupDecisionsKey"/>).</summary>
/// <param name="By">The audit log's name of who decided (<c>user:{id}:{handle}</c>, <c>key:...</c>, <c>pulse-ops:{os user}</c>).</param>
public sealed record GroupDecision(ConsumerGroupState State, string? Reason, string By, DateTimeOffset At);

/// <summary>Body of <c>POST /api/admin/pipeline/groups/{group}/pause|resume|retire</c>: why, for the audit log and the Pipeline page.</summary>
public sealed record GroupDecisionRequest(string? Reason);

/// <summary>Answer of a group's pause, resume or retire: its state before and after.</summary>
/// <param name="Note">What the change means for the stream (for example where a resumed retired group starts reading).</param>
public sealed record GroupStateChanged(string Group, ConsumerGroupState Before, ConsumerGroupState After, string Note);

/// <summary>Answer of <c>POST /api/admin/dead-letters/replay</c>.</summary>
/// <param name="Skipped">Dead letters left in place because the group that failed them is retired.</param>
public sealed record DeadLettersReplayed(int Replayed, long Remaining, int Skipped = 0);

/// <summary>One dead letter, as <c>GET /api/admin/dead-letters</c> lists it.</summary>
public sealed record DeadLetter(string Id, string Group, string EntryId, string? Event, string Error, int Attempts, DateTimeOffset FailedAt);

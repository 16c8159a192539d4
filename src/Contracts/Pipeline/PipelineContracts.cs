namespace Pulse.Contracts.Pipeline;

/// <summary>The event stream and its consumer groups right now (<c>GET /api/admin/pipeline</c>).</summary>
/// <param name="StreamLength">Entries still in the stream: those not yet acknowledged by every active group, and any not trimmed yet.</param>
/// <param name="DeadLetters">Entries in the dead-letter stream, waiting to be replayed.</param>
public sealed record PipelineStatus(string Stream, long StreamLength, long DeadLetters, IReadOnlyList<ConsumerGroupStatus> Groups, DateTimeOffset CheckedAt);

/// <param name="Active">Whether the Ingestor runs this group (only active groups hold back trimming and count toward backpressure).</param>
/// <param name="Lag">Entries not yet delivered to the group; null when Redis cannot tell cheaply.</param>
/// <param name="Pending">Entries delivered but not yet acknowledged.</param>
/// <param name="OldestUnacknowledgedAgeSeconds">Age of the oldest entry the group has not acknowledged (pending or not yet delivered); 0 when it is caught up.</param>
public sealed record ConsumerGroupStatus(
    string Name,
    bool Active,
    long? Lag,
    long Pending,
    int Consumers,
    string LastDeliveredId,
    double OldestUnacknowledgedAgeSeconds);

/// <summary>Answer of <c>POST /api/admin/dead-letters/replay</c>.</summary>
public sealed record DeadLettersReplayed(int Replayed, long Remaining);

/// <summary>One dead letter, as <c>GET /api/admin/dead-letters</c> lists it.</summary>
public sealed record DeadLetter(string Id, string Group, string EntryId, string? Event, string Error, int Attempts, DateTimeOffset FailedAt);

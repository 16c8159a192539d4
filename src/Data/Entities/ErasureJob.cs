namespace Pulse.Data.Entities;

/// <summary>
/// One request to erase or anonymise a person, run by the Ingestor step by step. Each step is safe to
/// run again, so a job whose runner died is taken over where it was (its lease ran out) and finishes.
/// </summary>
public sealed class ErasureJob
{
    public long Id { get; set; }

    /// <summary>The person's id; kept after the erasure as the record of what was erased.</summary>
    public long UserId { get; set; }

    /// <summary>One of <see cref="Pulse.Contracts.Privacy.ErasureModes"/>.</summary>
    public required string Mode { get; set; }

    /// <summary>One of <see cref="Pulse.Contracts.Privacy.ErasureStates"/>.</summary>
    public required string State { get; set; }

    /// <summary>The next step to run (null once completed).</summary>
    public string? Step { get; set; }

    /// <summary>What the running step waits for, shown to the operator.</summary>
    public string? Waiting { get; set; }

    public required string RequestedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Redis server time (Unix ms) just after the person was marked in the stream filter: entries delivered before it may still be in flight.</summary>
    public long? MarkedAtMs { get; set; }

    /// <summary>The replacement id in <see cref="Pulse.Contracts.Privacy.ErasureModes.Anonymise"/> mode.</summary>
    public long? Pseudonym { get; set; }

    /// <summary>Store name to (what, how many); JSON.</summary>
    public string Receipt { get; set; } = "{}";

    /// <summary>Which runner holds the job, until when: another runner takes it over once the lease ran out.</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>How many times a runner took the job up.</summary>
    public int Attempts { get; set; }

    public string? LastError { get; set; }
}

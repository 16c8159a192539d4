namespace Pulse.Ingestor.Erasure;

/// <summary>An erasure job as the runner holding it sees it; the runner records each step it finishes.</summary>
public sealed class ErasureJobRun(long id, long userId, string mode, string requestedBy, string step, long? markedAtMs, long? pseudonym, ErasureReceipt receipt)
{
    public long Id { get; } = id;

    public long UserId { get; } = userId;

    public string Mode { get; } = mode;

    public string RequestedBy { get; } = requestedBy;

    /// <summary>The step to run next.</summary>
    public string Step { get; set; } = step;

    public long? MarkedAtMs { get; set; } = markedAtMs;

    public long? Pseudonym { get; set; } = pseudonym;

    public ErasureReceipt Receipt { get; } = receipt;
}

namespace Pulse.Ops.Backfill;

/// <summary>A backfill that would do harm (or nothing) and so does not start; the message says why, for the operator.</summary>
public sealed class BackfillRefusedException : Exception
{
    public BackfillRefusedException()
    {
    }

    public BackfillRefusedException(string message)
        : base(message)
    {
    }

    public BackfillRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

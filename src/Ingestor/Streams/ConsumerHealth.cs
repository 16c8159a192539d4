namespace Pulse.Ingestor.Streams;

/// <summary>What the consumer loop last managed, for its health check.</summary>
public sealed class ConsumerHealth(TimeProvider time)
{
    private long lastSuccessTicks;
    private string? lastError;

    public DateTimeOffset? LastSuccess
    {
        get
        {
            var ticks = Interlocked.Read(ref lastSuccessTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public string? LastError => Volatile.Read(ref lastError);

    public void RecordSuccess()
    {
        Interlocked.Exchange(ref lastSuccessTicks, time.GetUtcNow().UtcTicks);
        Volatile.Write(ref lastError, null);
    }

    public void RecordFailure(string error) => Volatile.Write(ref lastError, error);
}

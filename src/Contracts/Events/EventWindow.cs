namespace Pulse.Contracts.Events;

/// <summary>The timestamps accepted at <paramref name="Now"/>: from <paramref name="MaxAge"/> back to <paramref name="MaxAhead"/> ahead.</summary>
public readonly record struct EventWindow(DateTimeOffset Now, TimeSpan MaxAge, TimeSpan MaxAhead)
{
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(7);
    public static readonly TimeSpan DefaultMaxAhead = TimeSpan.FromMinutes(5);

    public DateTimeOffset Earliest => Now - MaxAge;

    public DateTimeOffset Latest => Now + MaxAhead;

    public bool Contains(DateTimeOffset timestamp) => timestamp >= Earliest && timestamp <= Latest;
}

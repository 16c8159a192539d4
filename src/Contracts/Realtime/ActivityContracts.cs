namespace Pulse.Contracts.Realtime;

/// <summary>Events accepted per minute, as Redis counts them when the Api accepts a batch.</summary>
/// <param name="Minutes">Oldest first, one entry per whole UTC minute up to the current one (zeros included).</param>
/// <param name="EventsLast24Hours">Events accepted in the last 24 hours, the current minute included.</param>
/// <param name="ActiveSessions">Sessions not yet expired or ended.</param>
public sealed record EventActivity(IReadOnlyList<MinuteCount> Minutes, long EventsLast24Hours, long ActiveSessions, DateTimeOffset CheckedAt);

public sealed record MinuteCount(DateTimeOffset Minute, long Events);

namespace Pulse.Api.Realtime;

/// <summary>
/// The per-minute event counts the event script keeps (<see cref="Pulse.Contracts.RedisKeys.EventsPerMinute"/>):
/// whole UTC minutes since the Unix epoch, kept for <c>Pulse:Retention:MinuteCounts</c> (at least the day that is read back).
/// </summary>
public static class EventMinutes
{
    /// <summary>Minutes in the 24 hours that "events in the last day" sums.</summary>
    public const int PerDay = 24 * 60;

    private const long MinuteMs = 60_000;

    public static long UnixMinute(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / MinuteMs;

    public static DateTimeOffset Start(long unixMinute) => DateTimeOffset.FromUnixTimeMilliseconds(unixMinute * MinuteMs);
}

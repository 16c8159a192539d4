namespace Pulse.Api.Realtime;

/// <summary>Which trending board: the time-decayed score, or the engagement of the last hour or day.</summary>
public enum TrendingWindow
{
    Decay,
    LastHour,
    LastDay,
}

public static class TrendingWindows
{
    public const string DecayName = "decay";
    public const string LastHourName = "1h";
    public const string LastDayName = "24h";

    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public static bool TryParse(string? name, out TrendingWindow window)
    {
        (var known, window) = name switch
        {
            null or DecayName => (true, TrendingWindow.Decay),
            LastHourName => (true, TrendingWindow.LastHour),
            LastDayName => (true, TrendingWindow.LastDay),
            _ => (false, TrendingWindow.Decay),
        };
        return known;
    }

    public static string Name(this TrendingWindow window) => window switch
    {
        TrendingWindow.LastHour => LastHourName,
        TrendingWindow.LastDay => LastDayName,
        _ => DecayName,
    };

    /// <summary>Hours since the Unix epoch of the hour bucket that holds <paramref name="at"/>.</summary>
    public static long UnixHour(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / (long)Hour.TotalMilliseconds;

    /// <summary>
    /// The hour buckets a window merges, newest first, with their weights: whole hours count fully
    /// and the oldest bucket counts for the part of it still inside the window (a sliding-window
    /// estimate, as the buckets hold no finer time).
    /// </summary>
    public static IReadOnlyList<(long UnixHour, double Weight)> Buckets(this TrendingWindow window, DateTimeOffset now)
    {
        var hours = window switch
        {
            TrendingWindow.LastHour => 1,
            TrendingWindow.LastDay => 24,
            _ => throw new ArgumentOutOfRangeException(nameof(window), window, "The decayed board has no buckets."),
        };
        var current = UnixHour(now);
        var elapsed = (now.ToUnixTimeMilliseconds() - current * (long)Hour.TotalMilliseconds) / Hour.TotalMilliseconds;

        var buckets = new List<(long, double)>(hours + 1);
        for (var hour = current; hour > current - hours; hour--)
        {
            buckets.Add((hour, 1));
        }
        buckets.Add((current - hours, 1 - elapsed));
        return buckets;
    }
}

namespace Pulse.Data.Analytics;

/// <summary>The <see cref="Days"/> UTC days ending with <see cref="AsOf"/>, both ends included.</summary>
public readonly record struct AnalyticsWindow(DateOnly AsOf, int Days)
{
    public DateOnly FirstDay => AsOf.AddDays(1 - Days);

    /// <summary>The window's first instant: midnight UTC starting <see cref="FirstDay"/>.</summary>
    public DateTime StartUtc() => FirstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>The instant after the window (exclusive): midnight UTC ending <see cref="AsOf"/>.</summary>
    public DateTime EndUtc() => AsOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}

namespace Pulse.Data.Analytics;

/// <summary>The <see cref="Days"/> UTC days ending with <see cref="AsOf"/>, both ends included.</summary>
public readonly record struct AnalyticsWindow(DateOnly AsOf, int Days)
{
    public DateOnly FirstDay => AsOf.AddDays(1 - Days);
}

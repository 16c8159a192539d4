using Pulse.Contracts.Realtime;
using Pulse.LoadGen.Traffic;

namespace Pulse.UnitTests.Traffic;

[Collection(nameof(SharedTraffic))]
public sealed class DiurnalCurveTests(TrafficFixture traffic)
{
    [Fact]
    public void Sessions_start_in_each_UTC_hour_with_its_share_of_the_day()
    {
        var curve = TrafficFixture.Options.Diurnal;
        var starts = traffic.FirstSends.Where(e => e.Type == EventTypes.SessionStart).Select(e => e.Timestamp!.Value.UtcDateTime.Hour).ToArray();
        Assert.True(starts.Length > 10_000, $"only {starts.Length} sessions");

        for (var hour = 0; hour < 24; hour++)
        {
            var expected = curve.Share(hour);
            var actual = starts.Count(h => h == hour) / (double)starts.Length;
            var tolerance = 4 * Math.Sqrt(expected * (1 - expected) / starts.Length);
            Assert.InRange(actual, expected - tolerance, expected + tolerance);
        }
    }

    [Fact]
    public void The_default_curve_peaks_in_the_evening_and_is_quietest_at_night()
    {
        var curve = DiurnalCurve.Default;
        var busiest = Enumerable.Range(0, 24).MaxBy(curve.Weight);
        var quietest = Enumerable.Range(0, 24).MinBy(curve.Weight);

        Assert.InRange(busiest, 18, 22);
        Assert.InRange(quietest, 2, 6);
        Assert.Equal(1.0, Enumerable.Range(0, 24).Sum(curve.Share), 9);
    }

    [Fact]
    public void The_average_event_rate_over_whole_days_is_the_one_asked_for()
    {
        var events = traffic.FirstSends.Count();
        var seconds = (TrafficFixture.WeekEnd - TrafficFixture.WeekStart).TotalSeconds;

        Assert.InRange(events / seconds, 0.5 * 0.95, 0.5 * 1.05);
    }
}

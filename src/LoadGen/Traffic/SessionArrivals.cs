namespace Pulse.LoadGen.Traffic;

/// <summary>When sessions start: Poisson processes, flat for live traffic or shaped by a diurnal curve.</summary>
public static class SessionArrivals
{
    /// <summary>Flat: on average <paramref name="perSecond"/> sessions a second from <paramref name="from"/> on, without end.</summary>
    public static IEnumerable<DateTimeOffset> Flat(DateTimeOffset from, double perSecond, Random random)
    {
        var at = from;
        while (true)
        {
            at += Gap(perSecond, random);
            yield return at;
        }
    }

    /// <summary>
    /// Shaped by <paramref name="curve"/> (by thinning: candidates at the busiest hour's rate, each
    /// kept with its hour's weight over the busiest), <paramref name="perSecond"/> on average over a day.
    /// </summary>
    public static IEnumerable<DateTimeOffset> Diurnal(DateTimeOffset from, DateTimeOffset to, double perSecond, DiurnalCurve curve, Random random)
    {
        var peak = perSecond * curve.MaxWeight / curve.MeanWeight;
        var at = from;
        while (true)
        {
            at += Gap(peak, random);
            if (at >= to)
            {
                yield break;
            }
            if (random.NextDouble() * curve.MaxWeight < curve.Weight(at))
            {
                yield return at;
            }
        }
    }

    private static TimeSpan Gap(double perSecond, Random random) =>
        TimeSpan.FromTicks(Math.Max(1, (long)(-Math.Log(1.0 - random.NextDouble()) / perSecond * TimeSpan.TicksPerSecond)));
}

namespace Pulse.LoadGen.Traffic;

/// <summary>
/// How busy each UTC hour is, relative to the others. The default is quiet in the small hours of
/// UTC and peaks in the European evening, when the Americas are awake too (18:00 to 21:00 UTC).
/// </summary>
public sealed class DiurnalCurve
{
    public static readonly DiurnalCurve Default = new(
    [
        0.90, 0.70, 0.50, 0.40, 0.35, 0.35, 0.40, 0.50, 0.60, 0.70, 0.75, 0.80,
        0.85, 0.90, 0.95, 1.00, 1.10, 1.25, 1.40, 1.50, 1.50, 1.40, 1.25, 1.10,
    ]);

    /// <summary>A flat curve: every hour as busy as the others.</summary>
    public static readonly DiurnalCurve Flat = new([.. Enumerable.Repeat(1.0, 24)]);

    private readonly double[] weights;

    public DiurnalCurve(IReadOnlyList<double> hourWeights)
    {
        if (hourWeights.Count != 24 || hourWeights.Any(weight => !(weight >= 0)) || hourWeights.Sum() <= 0)
        {
            throw new ArgumentException("A diurnal curve needs 24 non-negative hour weights, not all zero.", nameof(hourWeights));
        }
        weights = [.. hourWeights];
        MaxWeight = weights.Max();
        MeanWeight = weights.Average();
    }

    public double MaxWeight { get; }

    public double MeanWeight { get; }

    public double Weight(int utcHour) => weights[utcHour];

    public double Weight(DateTimeOffset at) => weights[at.UtcDateTime.Hour];

    /// <summary>The share of a whole day's sessions that start in <paramref name="utcHour"/>.</summary>
    public double Share(int utcHour) => weights[utcHour] / (MeanWeight * 24);
}

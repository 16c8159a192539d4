namespace Pulse.LoadGen.Benchmarks;

/// <summary>Latencies of repeated runs, in milliseconds, and their percentiles (nearest rank).</summary>
public sealed class LatencySample(IReadOnlyList<double> milliseconds)
{
    private readonly double[] sorted = [.. milliseconds.Order()];

    public int Count => sorted.Length;

    public double Percentile(double percent)
    {
        if (sorted.Length == 0)
        {
            throw new InvalidOperationException("No latencies were measured.");
        }
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    public double Max => sorted[^1];
}

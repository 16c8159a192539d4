namespace Pulse.Data.Seeding;

/// <summary>The few distributions social data follows, drawn from a seeded <see cref="Random"/>.</summary>
internal static class Distributions
{
    /// <summary>Zipf weights 1/rank^exponent for ranks 1..count.</summary>
    public static double[] ZipfWeights(int count, double exponent)
    {
        var weights = new double[count];
        for (var rank = 1; rank <= count; rank++)
        {
            weights[rank - 1] = Math.Pow(rank, -exponent);
        }
        return weights;
    }

    public static double StandardNormal(this Random random)
    {
        // Box-Muller; 1 - NextDouble() is in (0, 1], so the logarithm is finite.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Log-normal with the given mean and shape (sigma of the underlying normal).</summary>
    public static double LogNormal(this Random random, double mean, double sigma) =>
        Math.Exp(Math.Log(mean) - sigma * sigma / 2 + sigma * random.StandardNormal());

    /// <summary>Pareto with minimum <paramref name="scale"/> and tail index <paramref name="shape"/>.</summary>
    public static double Pareto(this Random random, double scale, double shape) =>
        scale * Math.Pow(1.0 - random.NextDouble(), -1.0 / shape);

    public static long Poisson(this Random random, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }
        if (mean < 30)
        {
            // Knuth: multiply uniforms until the product falls below e^-mean.
            var limit = Math.Exp(-mean);
            var product = random.NextDouble();
            long count = 0;
            while (product > limit)
            {
                count++;
                product *= random.NextDouble();
            }
            return count;
        }
        return Math.Max(0, (long)Math.Round(mean + Math.Sqrt(mean) * random.StandardNormal()));
    }

    /// <summary>Rounds up or down at random so that the expected value is <paramref name="value"/>.</summary>
    public static int RoundStochastically(this Random random, double value)
    {
        var floor = Math.Floor(value);
        return (int)floor + (random.NextDouble() < value - floor ? 1 : 0);
    }

    /// <summary>A random permutation of 0..count-1 (Fisher-Yates).</summary>
    public static int[] Permutation(this Random random, int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
        return order;
    }
}

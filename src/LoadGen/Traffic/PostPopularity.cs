using Pulse.Data.Seeding;

namespace Pulse.LoadGen.Traffic;

/// <summary>
/// Which posts get viewed: every post has a popularity rank (a seeded random order) and the post at
/// rank r is drawn with weight r^-exponent, so a few posts take a large share of all views.
/// </summary>
public sealed class PostPopularity
{
    private readonly int[] postByRank;
    private readonly AliasTable ranks;

    public PostPopularity(int postCount, double exponent, Random random)
    {
        if (postCount < 1)
        {
            throw new ArgumentException("Traffic needs at least one post.", nameof(postCount));
        }
        postByRank = random.Permutation(postCount);
        ranks = new AliasTable(Distributions.ZipfWeights(postCount, exponent));
        Exponent = exponent;
    }

    public double Exponent { get; }

    public int Count => postByRank.Length;

    /// <summary>The index of the post at 1-based <paramref name="rank"/>.</summary>
    public int PostAtRank(int rank) => postByRank[rank - 1];

    public int Sample(Random random) => postByRank[ranks.Sample(random)];

    /// <summary>The share of all views the top <paramref name="k"/> posts should get.</summary>
    public double ExpectedTopShare(int k)
    {
        var weights = Distributions.ZipfWeights(postByRank.Length, Exponent);
        return weights.Take(k).Sum() / weights.Sum();
    }
}

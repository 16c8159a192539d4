using Pulse.Contracts.Realtime;
using Pulse.LoadGen.Traffic;
using Pulse.UnitTests.Data.Seeding;

namespace Pulse.UnitTests.Traffic;

/// <summary>Views follow Zipf's law over the posts' popularity ranks, with the configured exponent.</summary>
public sealed class PostPopularityTests
{
    private static readonly SocialGraph Graph = TrafficFixture.GraphOf(new SmallSeed().Seed);

    [Theory]
    [InlineData(1.1)]
    [InlineData(0.8)]
    [InlineData(1.4)]
    public void The_rank_frequency_slope_is_the_configured_exponent(double exponent)
    {
        var (model, viewsByRank) = ViewsByRank(exponent);

        // Least squares of log(views) on log(rank) over the top 100 ranks, where every count is large.
        var points = Enumerable.Range(1, 100).Select(rank => (X: Math.Log(rank), Y: Math.Log(Math.Max(1, viewsByRank[rank])))).ToArray();
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var slope = points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / points.Sum(p => (p.X - meanX) * (p.X - meanX));

        Assert.InRange(-slope, exponent - 0.04, exponent + 0.04);
        Assert.Equal(exponent, model.Popularity.Exponent);
    }

    [Theory]
    [InlineData(1.1)]
    [InlineData(0.8)]
    public void The_top_posts_take_their_theoretical_share_of_views(double exponent)
    {
        var (model, viewsByRank) = ViewsByRank(exponent);
        var total = (double)viewsByRank.Sum();

        foreach (var k in new[] { 10, 100, 1_000 })
        {
            var expected = model.Popularity.ExpectedTopShare(k);
            var actual = viewsByRank.Skip(1).Take(k).Sum() / total;
            Assert.InRange(actual, expected * 0.95, expected * 1.05);
        }
    }

    private static (TrafficModel Model, long[] ViewsByRank) ViewsByRank(double exponent)
    {
        var model = new TrafficModel(Graph, new TrafficOptions { ZipfExponent = exponent }, seed: 5);
        var rankOfPost = new Dictionary<long, int>();
        for (var rank = 1; rank <= model.Popularity.Count; rank++)
        {
            rankOfPost[Graph.PostId(model.Popularity.PostAtRank(rank))] = rank;
        }
        var views = new long[model.Popularity.Count + 1];
        foreach (var session in model.Sessions(TrafficFixture.WeekEnd, 25_000, sessionSeed: 1))
        {
            foreach (var view in session.Where(e => e.Type == EventTypes.PostView))
            {
                views[rankOfPost[view.PostId!.Value]]++;
            }
        }
        return (model, views);
    }
}

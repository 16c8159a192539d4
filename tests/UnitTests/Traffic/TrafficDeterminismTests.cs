using System.Text.Json;
using Pulse.LoadGen.Traffic;
using Pulse.UnitTests.Data.Seeding;

namespace Pulse.UnitTests.Traffic;

public sealed class TrafficDeterminismTests
{
    private static readonly SocialGraph Graph = TrafficFixture.GraphOf(new SmallSeed().Seed);

    [Fact]
    public void The_same_seed_gives_the_same_batches_on_every_model_and_enumeration()
    {
        var first = new TrafficModel(Graph, new TrafficOptions(), seed: 3);
        var second = new TrafficModel(Graph, new TrafficOptions(), seed: 3);

        var a = Json(first.Historical(TrafficFixture.WeekEnd.AddHours(-6), TrafficFixture.WeekEnd, 2));
        var b = Json(second.Historical(TrafficFixture.WeekEnd.AddHours(-6), TrafficFixture.WeekEnd, 2));
        var again = Json(first.Historical(TrafficFixture.WeekEnd.AddHours(-6), TrafficFixture.WeekEnd, 2));

        Assert.True(a.Count > 100, $"only {a.Count} batches");
        Assert.Equal(a, b);
        Assert.Equal(a, again);
    }

    [Fact]
    public void Live_traffic_is_as_reproducible_as_historical()
    {
        var start = TrafficFixture.WeekEnd;
        var a = Json(new TrafficModel(Graph, new TrafficOptions(), seed: 3).Live(start, 500).Take(200));
        var b = Json(new TrafficModel(Graph, new TrafficOptions(), seed: 3).Live(start, 500).Take(200));

        Assert.Equal(a, b);
    }

    [Fact]
    public void Another_seed_gives_other_events()
    {
        var a = Json(new TrafficModel(Graph, new TrafficOptions(), seed: 3).Live(TrafficFixture.WeekEnd, 500).Take(20));
        var b = Json(new TrafficModel(Graph, new TrafficOptions(), seed: 4).Live(TrafficFixture.WeekEnd, 500).Take(20));

        Assert.NotEqual(a, b);
    }

    private static List<string> Json(IEnumerable<TrafficBatch> batches) => [.. batches.Select(batch => JsonSerializer.Serialize(batch))];
}

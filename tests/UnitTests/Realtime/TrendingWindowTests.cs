using Pulse.Api.Realtime;

namespace Pulse.UnitTests.Realtime;

public class TrendingWindowTests
{
    private static readonly DateTimeOffset HalfPastTwelve = new(2026, 11, 20, 12, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_last_hour_is_this_hour_and_the_half_of_the_previous_one_still_inside_it()
    {
        var current = TrendingWindows.UnixHour(HalfPastTwelve);

        var buckets = TrendingWindow.LastHour.Buckets(HalfPastTwelve);

        Assert.Equal([(current, 1.0), (current - 1, 0.5)], buckets);
    }

    [Fact]
    public void The_last_day_is_24_whole_hours_and_part_of_a_25th()
    {
        var current = TrendingWindows.UnixHour(HalfPastTwelve);

        var buckets = TrendingWindow.LastDay.Buckets(HalfPastTwelve.AddMinutes(15));

        Assert.Equal(25, buckets.Count);
        Assert.Equal(current, buckets[0].UnixHour);
        Assert.All(buckets.Take(24), bucket => Assert.Equal(1.0, bucket.Weight));
        Assert.Equal((current - 24, 0.25), buckets[^1]);
    }

    [Theory]
    [InlineData(null, TrendingWindow.Decay)]
    [InlineData("decay", TrendingWindow.Decay)]
    [InlineData("1h", TrendingWindow.LastHour)]
    [InlineData("24h", TrendingWindow.LastDay)]
    public void Known_names_parse_and_round_trip(string? name, TrendingWindow expected)
    {
        Assert.True(TrendingWindows.TryParse(name, out var window));
        Assert.Equal(expected, window);
        Assert.Equal(name ?? "decay", window.Name());
    }

    [Theory]
    [InlineData("")]
    [InlineData("7d")]
    [InlineData("1H")]
    public void Unknown_names_do_not_parse(string name) => Assert.False(TrendingWindows.TryParse(name, out _));

    [Fact]
    public void A_half_life_later_a_contribution_is_worth_half()
    {
        var decay = new TrendingDecay(TimeSpan.FromHours(2));
        var epoch = HalfPastTwelve.ToUnixTimeMilliseconds();
        var later = HalfPastTwelve.AddHours(2).ToUnixTimeMilliseconds();

        var stored = decay.Contribution(8, epoch, epoch);

        Assert.Equal(4, decay.ValueNow(stored, epoch, later), 12);
        Assert.Equal(8, decay.ValueNow(decay.Contribution(8, later, epoch), epoch, later), 12);
    }
}

using Pulse.Contracts.EventLog;
using Pulse.Web.Components.Charts;
using Pulse.Web.Components.Common;

namespace Pulse.WebTests;

/// <summary>What the charts draw from the contracts, and how numbers read.</summary>
public sealed class ChartDataTests
{
    [Fact]
    public void Device_rows_add_up_per_device_type_and_per_os_largest_first()
    {
        DeviceActivity[] rows = [new("mobile", "iOS", 5, 1), new("mobile", "Android", 7, 1), new("desktop", "Windows", 3, 1), new(null, null, 1, 1)];

        Assert.Equal([new("mobile", 12), new("desktop", 3), new BreakdownSlice("unknown", 1)], BreakdownSlice.ByDeviceType(rows));
        Assert.Equal("Android", BreakdownSlice.ByOs(rows)[0].Label);
    }

    [Fact]
    public void Countries_past_the_top_are_summed_as_other()
    {
        CountryActivity[] rows = [new("NL", 10, 1), new("US", 8, 1), new("DE", 2, 1), new("FR", 1, 1)];

        Assert.Equal([new("NL", 10), new("US", 8), new BreakdownSlice("other", 3)], BreakdownSlice.ByCountry(rows, top: 2));
    }

    [Fact]
    public void Every_hour_of_the_day_has_a_bar()
    {
        var hours = BreakdownSlice.ByHour([new HourlyActivity(23, 4, 1)]);

        Assert.Equal(24, hours.Count);
        Assert.Equal(new BreakdownSlice("23h", 4), hours[23]);
        Assert.Equal(0, hours[0].Value);
    }

    [Fact]
    public void Long_axes_keep_about_the_asked_number_of_labels_and_always_the_last()
    {
        var labels = ChartLabels.Sparse([.. Enumerable.Range(0, 60).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))], 6);

        Assert.Equal(60, labels.Length);
        Assert.Equal("59", labels[^1]);
        Assert.InRange(labels.Count(label => label.Length > 0), 5, 7);
    }

    [Theory]
    [InlineData(0.5, "+50 %")]
    [InlineData(-0.25, "-25 %")]
    [InlineData(0.0, "0 %")]
    [InlineData(null, "–")]
    public void Growth_reads_as_a_signed_percentage(double? fraction, string expected) => Assert.Equal(expected, Format.Growth(fraction));

    [Theory]
    [InlineData(9962.0, "+9,962")]
    [InlineData(-12.5, "-12.5")]
    [InlineData(null, "–")]
    public void The_daily_change_reads_as_a_signed_difference_not_a_percentage(double? difference, string expected) =>
        Assert.Equal(expected, Format.Change(difference));

    [Theory]
    [InlineData(1111.0, 1, "1,111")]
    [InlineData(1110.96, 1, "1,111")]
    [InlineData(1111.5, 1, "1,111.5")]
    [InlineData(12.25, 2, "12.25")]
    [InlineData(12.5, 0, "13")]
    [InlineData(-0.01, 1, "0")]
    public void A_figure_that_is_whole_has_no_decimals(double value, int decimals, string expected) =>
        Assert.Equal(expected, Format.Number(value, decimals));

    [Theory]
    [InlineData(0.23, "0.2 s")]
    [InlineData(9.94, "9.9 s")]
    [InlineData(42.4, "42 s")]
    [InlineData(600, "10 min")]
    public void How_far_behind_reads_in_tenths_under_ten_seconds(double seconds, string expected) =>
        Assert.Equal(expected, Format.Behind(seconds));

    [Theory]
    [InlineData(0.2, "0 s")]
    [InlineData(42, "42 s")]
    [InlineData(600, "10 min")]
    [InlineData(9000, "2.5 h")]
    public void Ages_read_in_the_unit_that_fits(double seconds, string expected) => Assert.Equal(expected, Format.Seconds(seconds));
}

using Pulse.Api.Analytics;
using Pulse.Contracts.Analytics;

namespace Pulse.UnitTests.Analytics;

public class HeatmapCellTests
{
    [Fact]
    public void The_grid_runs_from_monday_00_to_sunday_23()
    {
        var grid = HeatmapCell.Grid((weekday, hour) => new HeatmapCell(weekday, hour, 0, 0));

        Assert.Equal(168, grid.Count);
        Assert.Equal((1, 0), (grid[0].Weekday, grid[0].Hour));
        Assert.Equal((7, 23), (grid[^1].Weekday, grid[^1].Hour));
    }

    [Fact]
    public void The_best_cells_are_all_those_tied_for_the_most_user_hours_whatever_their_events()
    {
        HeatmapCell[] cells = [new(1, 9, 50, 2), new(3, 20, 5, 4), new(6, 11, 9, 4), new(7, 0, 100, 1)];

        Assert.Equal([new HeatmapCell(3, 20, 5, 4), new HeatmapCell(6, 11, 9, 4)], HeatmapCell.Busiest(cells));
    }

    [Fact]
    public void Nobody_active_means_no_best_cell() =>
        Assert.Empty(HeatmapCell.Busiest(HeatmapCell.Grid((weekday, hour) => new HeatmapCell(weekday, hour, 0, 0))));

    [Theory]
    [InlineData("UTC", true)]
    [InlineData("Europe/Berlin", true)]
    [InlineData("Asia/Kolkata", true)]
    [InlineData("W. Europe Standard Time", false)]
    [InlineData("Mars/Olympus_Mons", false)]
    [InlineData("", false)]
    public void Only_iana_zone_names_are_known(string name, bool known) =>
        Assert.Equal(known, TimeZoneNames.IsKnown(name));
}

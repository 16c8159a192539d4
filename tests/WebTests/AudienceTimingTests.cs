using System.Net;
using Bunit;
using Pulse.Contracts.Analytics;
using Pulse.Contracts.Pipeline;
using Pulse.Web.Components.Audience;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>
/// The Audience page's PostgreSQL sections: best time to post (a 7 x 24 heatmap in a chosen zone)
/// and retention cohorts (a coloured triangle), each with a table view, a CSV and its freshness.
/// </summary>
public sealed class AudienceTimingTests : WebTestContext
{
    private static readonly AggregatesFreshness Fresh = new("aggregates", ConsumerGroupState.Running, true,
        Samples.Now.AddSeconds(-1), 1, 10, false, Samples.Now);

    private static AudienceHeatmap Heatmap(string zone = "UTC")
    {
        var cells = HeatmapCell.Grid((weekday, hour) => (weekday, hour) switch
        {
            (2, 9) => new HeatmapCell(2, 9, 40, 12),
            (5, 18) => new HeatmapCell(5, 18, 10, 3),
            _ => new HeatmapCell(weekday, hour, 0, 0),
        });
        return new AudienceHeatmap(null, new DateOnly(2026, 10, 29), new DateOnly(2026, 11, 25), zone, cells, HeatmapCell.Busiest(cells));
    }

    private static readonly RetentionReport Weeks = new(RetentionGrain.Week, new DateOnly(2026, 11, 25),
    [
        new(new DateOnly(2026, 11, 9), 4, [new(0, 4, 1), new(1, 2, 0.5), new(2, 1, 0.25)]),
        new(new DateOnly(2026, 11, 16), 0, [new(0, 0, 0), new(1, 0, 0)]),
        new(new DateOnly(2026, 11, 23), 2, [new(0, 2, 1)]),
    ]);

    [Fact]
    public void The_heatmap_reads_the_watermark_first_then_draws_every_cell_and_names_the_best_one()
    {
        Api.Returns("api/freshness", Fresh);
        Api.Returns("api/analytics/audience-heatmap", Heatmap());

        var section = Render<BestTimeToPost>();

        section.WaitForElement("[data-testid=audience-heatmap-grid]");
        Assert.Equal(["api/freshness", "api/analytics/audience-heatmap"], Api.Requests.Select(request => request.Path));
        Assert.Equal("?days=28&tz=UTC", Api.Requests[1].Query);
        Assert.Equal(168, section.FindAll("[data-testid=audience-heatmap-cell]").Count);
        Assert.Contains("Tuesday 09:00 (UTC), with 12 active user-hours", section.Find("[data-testid=audience-heatmap-best]").TextContent, StringComparison.Ordinal);
        Assert.Single(section.FindAll(".heatmap-best"));
        Assert.NotNull(section.Find("[data-testid=audience-heatmap-freshness]"));
    }

    [Fact]
    public void Choosing_a_zone_asks_for_the_heatmap_in_it()
    {
        Api.Returns("api/freshness", Fresh);
        Api.Returns("api/analytics/audience-heatmap", () => Heatmap());

        var section = Render<BestTimeToPost>();
        section.WaitForElement("[data-testid=audience-heatmap-grid]");
        section.Find("[data-testid=audience-heatmap-zone]").Change("Europe/Berlin");

        section.WaitForAssertion(() => Assert.Equal("?days=28&tz=Europe%2FBerlin", Api.Requests.Last(request => request.Path == "api/analytics/audience-heatmap").Query));
        Assert.Contains("Asia/Kolkata", section.Find("[data-testid=audience-heatmap-zone]").InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_heatmap_has_its_table_and_a_csv_of_every_cell()
    {
        Api.Returns("api/freshness", Fresh);
        Api.Returns("api/analytics/audience-heatmap", Heatmap());

        var section = Render<BestTimeToPost>();
        section.WaitForElement("[data-testid=audience-heatmap-grid]");
        section.Find("[data-testid=audience-heatmap-table-view]").Click();

        section.WaitForElement("[data-testid=audience-heatmap-table]");
        Assert.Equal(168, section.FindAll("[data-testid=audience-heatmap-row]").Count);
        Assert.Empty(section.FindAll("[data-testid=audience-heatmap-grid]"));
        var csv = Uri.UnescapeDataString(section.Find("[data-testid=audience-heatmap-download]").GetAttribute("href")!);
        Assert.StartsWith("data:text/csv;charset=utf-8,weekday,weekday_name,hour,events,user_hours\r\n1,Monday,0,0,0\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("\r\n2,Tuesday,9,40,12\r\n", csv, StringComparison.Ordinal);
        Assert.Equal(169, csv.Trim().Split("\r\n").Length);
    }

    [Fact]
    public void A_failed_heatmap_says_why()
    {
        Api.Returns("api/freshness", Fresh);
        Api.Fails("api/analytics/audience-heatmap", HttpStatusCode.BadRequest, "One or more validation errors occurred.",
            errors: new Dictionary<string, string[]> { ["tz"] = ["Not a known IANA time zone."] });

        var section = Render<BestTimeToPost>();

        section.WaitForElement("[data-testid=api-error]");
        Assert.Empty(section.FindAll("[data-testid=audience-heatmap-download]"));
    }

    [Fact]
    public void Retention_draws_the_triangle_coloured_by_share_with_periods_to_come_left_blank()
    {
        Api.Returns("api/freshness", Fresh);
        Api.Returns("api/analytics/retention", Weeks);

        var section = Render<RetentionCohortsSection>();

        section.WaitForElement("[data-testid=audience-retention-triangle]");
        Assert.Equal("?grain=week&periods=8", Api.Requests.Single(request => request.Path == "api/analytics/retention").Query);
        var cohorts = section.FindAll("[data-testid=audience-retention-cohort]");
        Assert.Equal([3, 2, 1], cohorts.Select(row => row.QuerySelectorAll("[data-testid=audience-retention-cell]").Length));
        Assert.Equal(["100.0 %", "50.0 %", "25.0 %"], cohorts[0].QuerySelectorAll("[data-testid=audience-retention-cell]").Select(cell => cell.TextContent));
        Assert.Equal("--intensity: 0.5", cohorts[0].QuerySelectorAll("[data-testid=audience-retention-cell]")[1].GetAttribute("style"));
        Assert.NotNull(section.Find("[data-testid=audience-retention-freshness]"));
    }

    [Fact]
    public void Retention_switches_to_days_and_to_its_table_and_csv()
    {
        Api.Returns("api/freshness", Fresh);
        Api.Returns("api/analytics/retention", Weeks);

        var section = Render<RetentionCohortsSection>();
        section.WaitForElement("[data-testid=audience-retention-triangle]");
        section.Find("[data-testid=audience-retention-grain-day]").Click();
        section.WaitForAssertion(() => Assert.Equal("?grain=day&periods=14", Api.Requests.Last(request => request.Path == "api/analytics/retention").Query));
        section.WaitForElement("[data-testid=audience-retention-triangle]");
        section.Find("[data-testid=audience-retention-table-view]").Click();

        section.WaitForElement("[data-testid=audience-retention-table]");
        Assert.Equal(6, section.FindAll("[data-testid=audience-retention-row]").Count);
        var csv = Uri.UnescapeDataString(section.Find("[data-testid=audience-retention-download]").GetAttribute("href")!);
        Assert.Equal(
            "data:text/csv;charset=utf-8,cohort_start,users,period,active_users,share\r\n" +
            "2026-11-09,4,0,4,1\r\n2026-11-09,4,1,2,0.5\r\n2026-11-09,4,2,1,0.25\r\n2026-11-16,0,0,0,0\r\n2026-11-16,0,1,0,0\r\n2026-11-23,2,0,2,1\r\n",
            csv);
    }
}

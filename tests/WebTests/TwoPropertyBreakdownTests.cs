using System.Net;
using Bunit;
using Pulse.Contracts.EventLog;
using Pulse.Web.Components.Audience;
using Pulse.Web.Components.Pages;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>
/// The Audience page's breakdown by two properties at once: the cells and the rest as a table with
/// its CSV, or as a stacked bar chart; the properties chosen ask the Api again; without the event
/// store the section is not there (the page says so once).
/// </summary>
public sealed class TwoPropertyBreakdownTests : WebTestContext
{
    private const string Path = "api/analytics/events/breakdown";

    private static readonly EventBreakdownReport Report = new(
        Samples.Now.AddDays(-7), Samples.Now, BreakdownProperty.Country, BreakdownProperty.DeviceType, null, new BreakdownFilters(), 20,
        [new("US", "mobile", 30, 9), new("NL", "desktop", 12, 4), new("US", null, 5, 2)],
        new BreakdownOther(Cells: 7, Events: 9, Users: 6));

    private void EventStoreAnswers(EventBreakdownReport? breakdown = null)
    {
        Api.Returns("api/analytics/events/devices", Samples.EventReport(new DeviceActivity("mobile", "iOS", 30, 9)));
        Api.Returns("api/analytics/events/countries", Samples.EventReport(new CountryActivity("NL", 25, 5)));
        Api.Returns("api/analytics/events/hours", Samples.EventReport(new HourlyActivity(9, 12, 3)));
        Api.Returns(Path, breakdown ?? Report);
    }

    [Fact]
    public void The_table_shows_each_cell_and_then_the_rest()
    {
        EventStoreAnswers();

        var page = Render<Audience>();

        var rows = page.WaitForElements("[data-testid=breakdown-row]");
        Assert.Equal(
            ["US mobile 30 9", "NL desktop 12 4", "US unknown 5 2"],
            rows.Select(row => string.Join(' ', row.QuerySelectorAll("td").Select(cell => cell.TextContent.Trim()))));
        var other = page.Find("[data-testid=breakdown-other-row]");
        Assert.Equal("other (7 cells) 9 6", string.Join(' ', other.QuerySelectorAll("td").Select(cell => cell.TextContent.Trim())));
        Assert.Equal(["Country", "Device type", "Events", "Users"], page.FindAll("[data-testid=breakdown-table] th").Select(th => th.TextContent));
        var query = Api.Requests.Single(request => request.Path == Path).Query;
        Assert.Contains("by=country&then=deviceType&limit=20", query, StringComparison.Ordinal);
        Assert.Contains("from=", query, StringComparison.Ordinal);
    }

    [Fact]
    public void The_csv_download_holds_the_table_on_screen()
    {
        EventStoreAnswers();

        var page = Render<Audience>();

        var link = page.WaitForElement("[data-testid=breakdown-csv]");
        Assert.StartsWith("pulse-events-by-country-and-deviceType-", link.GetAttribute("download"), StringComparison.Ordinal);
        const string prefix = "data:text/csv;charset=utf-8,";
        var href = link.GetAttribute("href")!;
        Assert.StartsWith(prefix, href, StringComparison.Ordinal);
        Assert.Equal(
            "country,deviceType,events,users\r\nUS,mobile,30,9\r\nNL,desktop,12,4\r\nUS,,5,2\r\nother (7 cells),,9,6\r\n",
            Uri.UnescapeDataString(href[prefix.Length..]));
    }

    [Fact]
    public void Choosing_another_property_asks_again_and_never_offers_the_same_one_twice()
    {
        EventStoreAnswers();
        var page = Render<Audience>();
        page.WaitForElements("[data-testid=breakdown-row]");

        Assert.DoesNotContain("country", page.FindAll("[data-testid=breakdown-then] option").Select(option => option.GetAttribute("value")));
        page.Find("[data-testid=breakdown-then]").Change("os");

        page.WaitForAssertion(() => Assert.Contains(Api.Requests, request => request.Path == Path && request.Query.Contains("by=country&then=os", StringComparison.Ordinal)));
        Assert.DoesNotContain("os", page.FindAll("[data-testid=breakdown-by] option").Select(option => option.GetAttribute("value")));
    }

    [Fact]
    public void The_chart_stacks_the_second_property_on_a_bar_per_first_value()
    {
        EventStoreAnswers();
        var page = Render<Audience>();
        page.WaitForElements("[data-testid=breakdown-row]");

        page.Find("[data-testid=breakdown-view-chart]").Click();

        var chart = page.WaitForElement("[data-testid=breakdown-chart]");
        // Bars US and NL; series mobile, desktop and unknown.
        Assert.Equal(("2", "3"), (chart.GetAttribute("data-bars"), chart.GetAttribute("data-series")));
        Assert.Contains("Not drawn: other (7 cells), 9 events.", chart.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=breakdown-table]"));
    }

    [Fact]
    public void Without_the_event_store_the_section_is_not_there_and_nothing_asks_for_it()
    {
        foreach (var path in new[] { "devices", "countries", "hours" })
        {
            Api.Fails($"api/analytics/events/{path}", HttpStatusCode.ServiceUnavailable, "The event store is not configured");
        }

        var page = Render<Audience>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Empty(page.FindAll("[data-testid=two-property-breakdown]"));
        Assert.Equal(0, Api.CountOf(Path));
    }

    [Fact]
    public void Stacks_put_each_cell_under_its_first_value_and_zero_where_a_pair_has_no_events()
    {
        var stacks = BreakdownStacks.From(Report.Cells);

        Assert.Equal(["US", "NL"], stacks.Labels);
        Assert.Equal(["mobile", "desktop", "unknown"], stacks.Series.Select(series => series.Name));
        Assert.Equal([[30.0, 0.0], [0.0, 12.0], [5.0, 0.0]], stacks.Series.Select(series => series.Data.ToArray()));
    }

    [Fact]
    public void Csv_quotes_a_value_holding_a_comma_or_a_quote()
    {
        var report = Report with { Cells = [new("Bonaire, Sint Eustatius and Saba", "say \"hi\"", 1, 1)], Other = null };

        Assert.Equal(
            "country,deviceType,events,users\r\n\"Bonaire, Sint Eustatius and Saba\",\"say \"\"hi\"\"\",1,1\r\n",
            BreakdownCsv.For(report));
    }
}

using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Web.Components.Pages;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>The cross-database report: its sections, its download link, and its counters following the pushes.</summary>
public sealed class ReportTests : WebTestContext
{
    [Fact]
    public void Shows_each_section_of_the_report_and_why_the_event_breakdown_is_missing()
    {
        Api.Returns("api/reports/overview", Samples.Report(days: 7, eventsAvailable: false));

        var page = Render<Report>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("42", page.Find("[data-testid=report-live-sessions-value]").TextContent);
        Assert.Equal("5,432", page.Find("[data-testid=report-live-events-value]").TextContent);
        Assert.Equal("9,876", page.Find("[data-testid=total-follows-value]").TextContent);
        var rows = page.FindAll("[data-testid=report-trending-row]");
        Assert.Equal(["11", "12"], rows.Select(row => row.GetAttribute("data-post-id")));
        Assert.Equal("+25 %", rows[0].QuerySelector("[data-testid=report-growth]")!.TextContent);
        Assert.Equal("-10 %", rows[1].QuerySelector("[data-testid=report-growth]")!.TextContent);
        Assert.Equal("7", page.Find("[data-testid=report-daily-chart]").GetAttribute("data-points"));
        Assert.Contains("The event store is not configured", page.Find("[data-testid=event-store-unavailable]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Draws_the_event_breakdown_when_the_report_has_one()
    {
        Api.Returns("api/reports/overview", Samples.Report(eventsAvailable: true));

        var page = Render<Report>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.NotNull(page.Find("[data-testid=report-devices-chart]"));
        Assert.NotNull(page.Find("[data-testid=report-hours-chart]"));
        Assert.Empty(page.FindAll("[data-testid=event-store-unavailable]"));
    }

    [Fact]
    public void Offers_the_csv_of_the_chosen_period_through_the_web()
    {
        Api.Returns("api/reports/overview", () => Samples.Report(days: 30));
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("report?days=30");

        var page = Render<Report>();

        page.WaitForElement("[data-testid=page-ready]");
        var link = page.Find("[data-testid=report-download]");
        Assert.Equal("report/overview.csv?days=30", link.GetAttribute("href"));
        Assert.Equal("pulse-overview-30d.csv", link.GetAttribute("download"));
        Assert.Equal("?days=30", Api.Requests.Single().Query);
    }

    [Fact]
    public void Refreshes_the_trending_posts_counters_when_a_change_is_pushed()
    {
        Api.Returns("api/reports/overview", Samples.Report());
        Api.Returns("api/counters", new[] { Samples.Counters(11, views: 9_999), Samples.Counters(12, views: 5) });
        var page = Render<Report>();
        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("300", page.Find("[data-post-id='11'] [data-counter=views]").TextContent);

        Feed.Publish(11, 12);

        page.WaitForAssertion(() => Assert.Equal("9,999", page.Find("[data-post-id='11'] [data-counter=views]").TextContent));
        Assert.Equal("?postIds=11,12", Api.Requests.Single(request => request.Path == "api/counters").Query);
        Assert.Equal(1, Api.CountOf("api/reports/overview"));
    }
}

using System.Net;
using Bunit;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Posts;
using Pulse.Web.Components.Pages;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>A post's page: details, live counters following the pushes, the daily chart, its audience.</summary>
public sealed class PostPageTests : WebTestContext
{
    private long views = 40;

    public PostPageTests()
    {
        Api.Returns("api/posts/7", new PostResponse(7, 70, "ann", "Hello, Pulse", ["news"], Samples.Now));
        Api.Returns("api/counters", () => new[] { Samples.Counters(7, views) });
        Api.Returns("api/analytics/posts/7/daily", Samples.Daily(30));
        Api.Returns("api/analytics/events/devices", Samples.EventReport(new DeviceActivity("mobile", "Android", 3, 2)));
        Api.Returns("api/analytics/events/countries", Samples.EventReport(new CountryActivity("DE", 3, 2)));
        Api.Returns("api/analytics/events/funnel", Funnel(FunnelSources.EventLog, "users", ordered: true, 40, 10, 4));
    }

    [Fact]
    public void Shows_the_funnel_over_whole_utc_days_with_its_source_and_its_table()
    {
        var page = Render<Post>(parameters => parameters.Add(p => p.Id, 7));

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal(3, page.FindAll("[data-testid=post-funnel-step]").Count);
        Assert.Contains("within 30 minutes", page.Find("[data-testid=post-funnel-source]").TextContent, StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(Api.Requests.Single(request => request.Path == "api/analytics/events/funnel").Query);
        var (from, to) = (DateTimeOffset.Parse(query["from"]!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(query["to"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromDays(30), "7"), (from.UtcDateTime.TimeOfDay, to.UtcDateTime.TimeOfDay, to - from, query["postId"]));

        page.Find("[data-testid=post-funnel-figure-table-view]").Click();

        Assert.Equal(["liked", "10", "users", "0.25", "0.25", "30"],
            page.FindAll("[data-testid=post-funnel-figure-row]")[1].QuerySelectorAll("td").Select(cell => cell.TextContent));
    }

    [Fact]
    public void The_daily_chart_and_the_audience_charts_have_their_tables_behind_the_toggle()
    {
        var page = Render<Post>(parameters => parameters.Add(p => p.Id, 7));
        page.WaitForElement("[data-testid=page-ready]");

        page.Find("[data-testid=post-daily-chart-figure-table-view]").Click();
        page.Find("[data-testid=post-devices-chart-figure-table-view]").Click();

        Assert.Equal(30, page.FindAll("[data-testid=post-daily-chart-figure-row]").Count);
        Assert.Equal(["mobile", "3"], page.FindAll("[data-testid=post-devices-chart-figure-row]")[0].QuerySelectorAll("td").Select(cell => cell.TextContent));
        Assert.Equal("pulse-post-daily-chart.csv", page.Find("[data-testid=post-daily-chart-figure-csv]").GetAttribute("download"));
    }

    [Fact]
    public void A_funnel_from_the_aggregates_says_it_counts_events_not_viewers()
    {
        Api.Returns("api/analytics/events/funnel", Funnel(FunnelSources.Aggregates, "events", ordered: false, 90, 9, 1));

        var page = Render<Post>(parameters => parameters.Add(p => p.Id, 7));

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("aggregates", page.Find("[data-testid=post-funnel]").GetAttribute("data-source"));
        Assert.Contains("events per step", page.Find("[data-testid=post-funnel-source]").TextContent, StringComparison.Ordinal);
    }

    private static FunnelReport Funnel(string source, string unit, bool ordered, long viewed, long liked, long engaged) =>
        new(Samples.Now.AddDays(-30), Samples.Now, 7, 30, source, unit, ordered,
        [
            new FunnelStep("viewed", viewed, 1, null, 0),
            new FunnelStep("liked", liked, (double)liked / viewed, (double)liked / viewed, viewed - liked),
            new FunnelStep("commented or shared", engaged, (double)engaged / viewed, (double)engaged / liked, liked - engaged),
        ]);

    [Fact]
    public void Shows_the_post_its_counters_daily_chart_and_audience()
    {
        var page = Render<Post>(parameters => parameters.Add(p => p.Id, 7));

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("@ann", page.Find("[data-testid=post-author]").TextContent);
        Assert.Equal("Hello, Pulse", page.Find("[data-testid=post-content]").TextContent);
        page.WaitForAssertion(() => Assert.Equal("40", page.Find("[data-testid=counter-views-value]").TextContent));
        Assert.Equal("30", page.Find("[data-testid=post-daily-chart]").GetAttribute("data-points"));
        Assert.NotNull(page.Find("[data-testid=post-devices-chart]"));
        Assert.NotNull(page.Find("[data-testid=post-countries-chart]"));
        Assert.Empty(page.FindAll("[data-testid=post-hours-chart]"));
        Assert.Equal("?days=30", Api.Requests.Single(request => request.Path == "api/analytics/posts/7/daily").Query);
        Assert.Contains("postId=7", Api.Requests.Single(request => request.Path == "api/analytics/events/devices").Query, StringComparison.Ordinal);
    }

    [Fact]
    public void Refreshes_its_live_counters_when_a_trending_change_is_pushed()
    {
        var page = Render<Post>(parameters => parameters.Add(p => p.Id, 7));
        page.WaitForAssertion(() => Assert.Equal("40", page.Find("[data-testid=counter-views-value]").TextContent));

        views = 1_500;
        Feed.Publish(7);

        page.WaitForAssertion(() => Assert.Equal("1,500", page.Find("[data-testid=counter-views-value]").TextContent));
    }

    [Fact]
    public void Says_the_event_store_is_unavailable_and_still_shows_the_rest()
    {
        Api.Fails("api/analytics/events/devices", HttpStatusCode.ServiceUnavailable, "The event store is unavailable", "MongoDB did not answer in time; try again shortly.");
        Api.Fails("api/analytics/events/countries", HttpStatusCode.ServiceUnavailable, "The event store is unavailable", "MongoDB did not answer in time; try again shortly.");

        var page = Render<Post>(parameters => parameters.Add(p => p.Id, 7));

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Contains("MongoDB did not answer in time", page.Find("[data-testid=event-store-unavailable]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid=post-daily-chart]"));
        Assert.Empty(page.FindAll("[data-testid=api-error]"));
    }
}

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
    }

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

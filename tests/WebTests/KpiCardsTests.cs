using System.Net;
using Bunit;
using Pulse.Contracts.Reports;
using Pulse.Web.Components.Overview;
using Pulse.Web.Components.Pages;
using Pulse.Web.Services.Api;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>The Overview's KPI cards: figures from an EventActivity and the report's totals, or why they are missing.</summary>
public sealed class KpiCardsTests : WebTestContext
{
    [Fact]
    public void Show_events_and_sessions_from_an_event_activity_and_users_and_posts_from_the_totals()
    {
        var cards = Render<KpiCards>(parameters => parameters
            .Add(p => p.Activity, ApiResult.Success(Samples.Activity(eventsLast24Hours: 1_234_567, activeSessions: 89)))
            .Add(p => p.Totals, ApiResult.Success(Samples.Totals)));

        Assert.Equal("1,234,567", cards.Find("[data-testid=kpi-events-24h-value]").TextContent);
        Assert.Equal("89", cards.Find("[data-testid=kpi-active-sessions-value]").TextContent);
        Assert.Equal("1,000", cards.Find("[data-testid=kpi-users-value]").TextContent);
        Assert.Equal("10,000", cards.Find("[data-testid=kpi-posts-value]").TextContent);
        Assert.All(cards.FindAll("[data-testid^=kpi-][data-state]"), card => Assert.Equal("ready", card.GetAttribute("data-state")));
    }

    [Fact]
    public void Show_skeletons_while_loading_and_the_problem_when_a_call_failed()
    {
        var cards = Render<KpiCards>(parameters => parameters
            .Add(p => p.Activity, null)
            .Add(p => p.Totals, ApiResult.Failure<PlatformTotals>(new ApiProblem(ApiProblemKind.NotFound, "Not Found", Status: 404))));

        Assert.Equal("loading", cards.Find("[data-testid=kpi-events-24h]").GetAttribute("data-state"));
        Assert.NotEmpty(cards.Find("[data-testid=kpi-events-24h]").QuerySelectorAll(".mud-skeleton"));
        Assert.Equal("error", cards.Find("[data-testid=kpi-users]").GetAttribute("data-state"));
        Assert.Contains("Not Found", cards.Find("[data-testid=kpi-users]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cards.FindAll("[data-testid=kpi-users-value]"));
    }

    [Fact]
    public void The_overview_fills_them_from_the_activity_and_one_day_report_then_marks_itself_ready()
    {
        Api.Returns("api/realtime/activity", Samples.Activity(eventsLast24Hours: 777));
        Api.Returns("api/reports/overview", Samples.Report(days: 1));
        Api.Returns("api/status", new Pulse.Contracts.Status.SystemStatus([new("postgresql", Pulse.Contracts.Status.StoreState.Up, 1.2, null)], Samples.Now));
        Api.Returns("api/trending", Samples.TrendingBoard(5, 6));
        Api.Returns("api/counters", Samples.CountersFor(5, 6));

        var page = Render<Overview>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("777", page.Find("[data-testid=kpi-events-24h-value]").TextContent);
        Assert.Equal("1,000", page.Find("[data-testid=kpi-users-value]").TextContent);
        Assert.Equal("?days=1", Api.Requests.Single(request => request.Path == "api/reports/overview").Query);
        Assert.Equal("?minutes=60", Api.Requests.Single(request => request.Path == "api/realtime/activity").Query);
        Assert.Equal("60", page.Find("[data-testid=events-per-minute-chart]").GetAttribute("data-points"));
        Assert.Equal("Up", page.Find("[data-testid=store-strip] [data-store=postgresql]").GetAttribute("data-state"));
    }

    [Fact]
    public void The_overview_refreshes_its_activity_when_a_trending_change_is_pushed()
    {
        var events = 100L;
        Api.Returns("api/realtime/activity", () => Samples.Activity(eventsLast24Hours: events));
        Api.Returns("api/reports/overview", Samples.Report(days: 1));
        Api.Returns("api/status", new Pulse.Contracts.Status.SystemStatus([], Samples.Now));
        Api.Returns("api/trending", Samples.TrendingBoard(5));
        Api.Returns("api/counters", Samples.CountersFor(5));
        var page = Render<Overview>();
        page.WaitForElement("[data-testid=page-ready]");

        events = 250;
        Feed.Publish(5);

        page.WaitForAssertion(() => Assert.Equal("250", page.Find("[data-testid=kpi-events-24h-value]").TextContent));
        Assert.Equal(1, Api.CountOf("api/reports/overview"));
    }

    [Fact]
    public void The_overview_keeps_its_figures_when_a_refresh_fails()
    {
        Api.Returns("api/realtime/activity", Samples.Activity(eventsLast24Hours: 321));
        Api.Returns("api/reports/overview", Samples.Report(days: 1));
        Api.Returns("api/status", new Pulse.Contracts.Status.SystemStatus([], Samples.Now));
        Api.Returns("api/trending", Samples.TrendingBoard(5));
        Api.Returns("api/counters", Samples.CountersFor(5));
        var page = Render<Overview>();
        page.WaitForElement("[data-testid=page-ready]");

        Api.Fails("api/realtime/activity", HttpStatusCode.ServiceUnavailable, "Redis is unavailable");
        Feed.Publish(5);

        page.WaitForAssertion(() => Assert.Equal(2, Api.CountOf("api/realtime/activity")));
        Assert.Equal("321", page.Find("[data-testid=kpi-events-24h-value]").TextContent);
    }
}

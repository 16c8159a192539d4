using System.Net;
using Bunit;
using Pulse.Contracts.Analytics;
using Pulse.Contracts.EventLog;
using Pulse.Web.Components.Audience;
using Pulse.Web.Components.Pages;
using Pulse.Web.Services.Api;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>The event breakdowns come from MongoDB: without it they say so, once, and nothing else fails.</summary>
public sealed class EventBreakdownTests : WebTestContext
{
    private const string NoMongo = "This deployment has no MongoDB (ConnectionStrings:events is not set), so there is no event log to analyse.";

    [Fact]
    public void The_audience_page_says_the_event_store_is_unavailable_when_the_api_answers_503()
    {
        foreach (var path in new[] { "devices", "countries", "hours" })
        {
            Api.Fails($"api/analytics/events/{path}", HttpStatusCode.ServiceUnavailable, "The event store is not configured", NoMongo);
        }
        // The PostgreSQL sections on the page answer; only the event log's are missing.
        Api.Returns("api/analytics/audience-heatmap", new AudienceHeatmap(null, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 28), "UTC",
            HeatmapCell.Grid((weekday, hour) => new HeatmapCell(weekday, hour, 0, 0)), []));
        Api.Returns("api/analytics/retention", new RetentionReport(RetentionGrain.Week, new DateOnly(2026, 11, 28), []));

        var page = Render<Audience>();

        var unavailable = page.WaitForElement("[data-testid=event-store-unavailable]");
        Assert.Contains(NoMongo, unavailable.TextContent, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-testid=event-store-unavailable]"));
        Assert.Empty(page.FindAll("[data-testid=api-error]"));
        Assert.Empty(page.FindAll("[data-testid$=-chart]"));
        page.WaitForElement("[data-testid=page-ready]");
    }

    [Fact]
    public void The_audience_page_draws_each_breakdown_when_the_event_store_answers()
    {
        Api.Returns("api/analytics/events/devices", Samples.EventReport(new DeviceActivity("mobile", "iOS", 30, 9), new DeviceActivity("desktop", null, 10, 4)));
        Api.Returns("api/analytics/events/countries", Samples.EventReport(new CountryActivity("NL", 25, 5), new CountryActivity(null, 2, 1)));
        Api.Returns("api/analytics/events/hours", Samples.EventReport(new HourlyActivity(9, 12, 3)));

        var page = Render<Audience>();

        page.WaitForElement("[data-testid=page-ready]");
        foreach (var chart in new[] { "audience-devices-chart", "audience-os-chart", "audience-countries-chart", "audience-hours-chart" })
        {
            Assert.NotNull(page.Find($"[data-testid={chart}]"));
        }
        Assert.Equal("24", page.Find("[data-testid=audience-hours-chart]").GetAttribute("data-slices"));
        Assert.Equal(2, page.FindAll("[data-testid=audience-device-row]").Count);
        Assert.Contains("unknown", page.Find("[data-testid=audience-countries-table]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=event-store-unavailable]"));
    }

    [Fact]
    public void The_panel_waits_for_every_answer_before_it_decides()
    {
        var panel = Render<EventBreakdownPanel>(parameters => parameters
            .Add(p => p.Prefix, "post")
            .Add(p => p.IncludeHours, false)
            .Add(p => p.Devices, ApiResult.Success(Samples.EventReport<DeviceActivity>())));

        Assert.NotNull(panel.Find("[data-testid=event-breakdown-loading]"));
    }

    [Fact]
    public void Another_failure_is_shown_as_the_apis_problem_not_as_a_missing_event_store()
    {
        var panel = Render<EventBreakdownPanel>(parameters => parameters
            .Add(p => p.Prefix, "post")
            .Add(p => p.IncludeHours, false)
            .Add(p => p.Devices, ApiResult.Success(Samples.EventReport<DeviceActivity>()))
            .Add(p => p.Countries, ApiResult.Failure<EventReport<CountryActivity>>(new ApiProblem(ApiProblemKind.RateLimited, "Too many requests", "Try again in 3 s.", 429))));

        var error = panel.Find("[data-testid=api-error]");
        Assert.Equal("RateLimited", error.GetAttribute("data-kind"));
        Assert.Contains("Try again in 3 s.", error.TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-testid=event-store-unavailable]"));
    }
}

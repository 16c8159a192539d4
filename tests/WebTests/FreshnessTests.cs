using System.Net;
using Bunit;
using Pulse.Contracts.Pipeline;
using Pulse.Web.Components.Common;
using Pulse.Web.Components.Pages;
using Pulse.Web.Components.Pipeline;
using Pulse.Web.Services.Api;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>
/// What a tile says about how fresh its figures are: live (Redis, as read), as of the aggregates'
/// watermark (PostgreSQL), visibly behind past the threshold, stopped when the aggregates group is
/// paused, retired or missing, and unknown when the Api could not tell.
/// </summary>
public sealed class FreshnessTests : WebTestContext
{
    private static readonly DateTimeOffset Checked = new(2026, 11, 25, 12, 0, 28, 700, TimeSpan.Zero);

    private static AggregatesFreshness Aggregates(double behindSeconds, ConsumerGroupState state = ConsumerGroupState.Running, bool exists = true, double threshold = 10) =>
        new("aggregates", state, exists,
            exists ? Checked.AddSeconds(-behindSeconds) : null,
            exists ? behindSeconds : null,
            threshold, exists && behindSeconds > threshold, Checked);

    private IRenderedComponent<Freshness> RenderAggregates(AggregatesFreshness? freshness, ApiProblem? problem = null) =>
        Render<Freshness>(parameters => parameters
            .Add(p => p.Source, FigureSource.Aggregates)
            .Add(p => p.Aggregates, freshness)
            .Add(p => p.Problem, problem));

    private static (string? State, string Text) Read(IRenderedComponent<Freshness> view)
    {
        var element = view.Find("[data-testid=freshness]");
        return (element.GetAttribute("data-freshness"), element.TextContent.Trim());
    }

    [Fact]
    public void Live_figures_say_live_with_the_time_they_were_read()
    {
        var view = Render<Freshness>(parameters => parameters.Add(p => p.Source, FigureSource.Live).Add(p => p.ReadAt, Checked));

        Assert.Equal(("live", "live, read 12:00:28 UTC"), Read(view));
        Assert.Empty(view.FindAll(".freshness-warn, .freshness-bad"));
    }

    [Fact]
    public void Aggregates_within_the_threshold_say_as_of_their_watermark_and_how_far_behind()
    {
        var view = RenderAggregates(Aggregates(0.2));

        Assert.Equal(("fresh", "as of 12:00:28 UTC, 0.2 s behind"), Read(view));
        Assert.Empty(view.FindAll(".freshness-warn"));
    }

    [Fact]
    public void Aggregates_past_the_threshold_say_so_visibly()
    {
        var view = RenderAggregates(Aggregates(42));

        Assert.Equal(("behind", "as of 11:59:46 UTC: numbers are 42 s behind, the Ingestor is catching up"), Read(view));
        Assert.NotNull(view.Find(".freshness-warn .freshness-icon"));
    }

    [Fact]
    public void A_paused_a_retired_and_a_missing_aggregates_group_each_say_so()
    {
        var paused = RenderAggregates(Aggregates(5, ConsumerGroupState.Paused));
        var retired = RenderAggregates(Aggregates(0, ConsumerGroupState.Retired, exists: false));
        var missing = RenderAggregates(Aggregates(0, exists: false));

        Assert.Equal(("paused", "as of 12:00:23 UTC: aggregation is paused, numbers are 5.0 s behind"), Read(paused));
        Assert.Equal(("retired", "no longer updated: the aggregates consumer group is retired"), Read(retired));
        Assert.NotNull(retired.Find(".freshness-bad"));
        Assert.Equal(("missing", "freshness unknown: no Ingestor has created the aggregates consumer group yet"), Read(missing));
    }

    [Fact]
    public void When_the_api_cannot_tell_the_tile_says_freshness_is_unknown()
    {
        var view = RenderAggregates(null, new ApiProblem(ApiProblemKind.StoreUnavailable, "Redis is unavailable", Status: 503));

        Assert.Equal(("unknown", "freshness unknown: Redis is unavailable"), Read(view));
    }

    [Fact]
    public void The_posts_page_reads_the_watermark_before_the_ranking_and_shows_it_on_the_table()
    {
        Api.Returns("api/freshness", Aggregates(0.2));
        Api.Returns("api/analytics/posts/top", new[] { Samples.TopPost(1, 1, 10, 1111) });

        var page = Render<Posts>();

        page.WaitForElement("[data-testid=top-post-row]");
        Assert.Equal(["api/freshness", "api/analytics/posts/top"], Api.Requests.Select(request => request.Path));
        Assert.Equal("as of 12:00:28 UTC, 0.2 s behind", page.Find("[data-testid=top-posts-freshness]").TextContent.Trim());
        // A whole engagement figure reads without decimals.
        Assert.Equal("1,111", page.Find("[data-column=engagement]").TextContent);
    }

    [Fact]
    public void The_overview_tiles_say_live_or_as_of_the_report_s_watermark()
    {
        Api.Returns("api/realtime/activity", Samples.Activity());
        Api.Returns("api/reports/overview", Samples.Report(days: 1) with { Aggregates = Aggregates(42) });
        Api.Returns("api/status", new Pulse.Contracts.Status.SystemStatus([], Samples.Now));
        Api.Returns("api/trending", Samples.TrendingBoard(5));
        Api.Returns("api/counters", Samples.CountersFor(5));

        var page = Render<Overview>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("live, read 12:00:00 UTC", page.Find("[data-testid=kpi-events-24h-freshness]").TextContent.Trim());
        Assert.Equal("behind", page.Find("[data-testid=kpi-users-freshness]").GetAttribute("data-freshness"));
        Assert.Contains("numbers are 42 s behind", page.Find("[data-testid=kpi-posts-freshness]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("live, read", page.Find("[data-testid=activity-freshness]").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_s_postgresql_sections_say_as_of_its_own_watermark_and_its_live_ones_when_it_was_built()
    {
        Api.Returns("api/reports/overview", Samples.Report() with { Aggregates = Aggregates(0.2) });
        Api.Returns("api/counters", Samples.CountersFor(11));

        var page = Render<Report>();

        page.WaitForElement("[data-testid=page-ready]");
        foreach (var section in new[] { "report-totals-freshness", "report-trending-freshness", "report-daily-freshness" })
        {
            Assert.Equal("as of 12:00:28 UTC, 0.2 s behind", page.Find($"[data-testid={section}]").TextContent.Trim());
        }
        Assert.Equal("live, read 12:00:00 UTC", page.Find("[data-testid=report-live-freshness]").TextContent.Trim());
        // Without MongoDB the events section says why, not when it was read.
        Assert.Empty(page.FindAll("[data-testid=report-events-freshness]"));
    }

    [Fact]
    public void A_missing_figure_tells_no_freshness()
    {
        var cards = Render<Pulse.Web.Components.Overview.KpiCards>(parameters => parameters
            .Add(p => p.Activity, ApiResult.Success(Samples.Activity()))
            .Add(p => p.Totals, ApiResult.Failure<Pulse.Contracts.Reports.PlatformTotals>(new ApiProblem(ApiProblemKind.StoreUnavailable, "PostgreSQL is unavailable", Status: 503))));

        Assert.Empty(cards.FindAll("[data-testid=kpi-users-freshness]"));
        Assert.Equal("live", cards.Find("[data-testid=kpi-events-24h-freshness]").GetAttribute("data-freshness"));
    }

    [Fact]
    public void The_pipeline_marks_a_group_behind_past_the_threshold()
    {
        var groups = new[]
        {
            new ConsumerGroupStatus("aggregates", ConsumerGroupState.Running, null, true, 0, 0, 1, "1-0", 0.3, false),
            new ConsumerGroupStatus("eventlog", ConsumerGroupState.Running, null, true, 500, 20, 1, "1-0", 42, true),
        };

        var table = Render<ConsumerGroupsTable>(parameters => parameters.Add(p => p.Groups, groups).Add(p => p.BehindThresholdSeconds, 10));

        var ages = table.FindAll("[data-testid=group-oldest-age]");
        Assert.Equal(("0.3 s", "false"), (ages[0].TextContent.Trim(), ages[0].GetAttribute("data-behind")));
        Assert.Equal(("42 s", "true"), (ages[1].TextContent.Trim(), ages[1].GetAttribute("data-behind")));
        Assert.Contains("lag-behind", ages[1].ClassList);
    }

    [Fact]
    public void Event_log_figures_say_when_they_were_read_and_nothing_when_there_is_no_event_log()
    {
        foreach (var path in new[] { "devices", "countries", "hours" })
        {
            Api.Fails($"api/analytics/events/{path}", HttpStatusCode.ServiceUnavailable, "The event store is not configured");
        }
        var without = Render<Audience>();
        without.WaitForElement("[data-testid=page-ready]");
        Assert.Empty(without.FindAll("[data-testid=audience-freshness]"));

        Api.Returns("api/analytics/events/devices", Samples.EventReport(new Pulse.Contracts.EventLog.DeviceActivity("mobile", "iOS", 30, 9)));
        Api.Returns("api/analytics/events/countries", Samples.EventReport(new Pulse.Contracts.EventLog.CountryActivity("NL", 25, 5)));
        Api.Returns("api/analytics/events/hours", Samples.EventReport(new Pulse.Contracts.EventLog.HourlyActivity(9, 12, 3)));
        var with = Render<Audience>();
        with.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("event-log", with.Find("[data-testid=audience-freshness]").GetAttribute("data-freshness"));
        Assert.StartsWith("event log, read ", with.Find("[data-testid=audience-devices-table-freshness]").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_freshness_call_leaves_the_figures_and_says_freshness_is_unknown()
    {
        Api.Fails("api/freshness", HttpStatusCode.ServiceUnavailable, "Redis is unavailable");
        Api.Returns("api/analytics/posts/top", new[] { Samples.TopPost(1, 1, 10, 12.5) });

        var page = Render<Posts>();

        page.WaitForElement("[data-testid=top-post-row]");
        Assert.Equal("unknown", page.Find("[data-testid=top-posts-freshness]").GetAttribute("data-freshness"));
    }
}

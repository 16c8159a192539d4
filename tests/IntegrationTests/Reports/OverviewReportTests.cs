using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Pulse.Api.Reports;
using Pulse.Contracts.Analytics;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Reports;
using Pulse.Contracts.Security;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.ServiceDefaults;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Reports;

/// <summary>
/// <c>GET /api/reports/overview</c> through the real Api over its real Redis and PostgreSQL, on
/// the fixture of <see cref="ReportWorld"/>; this Api has no MongoDB. Reports are cached for 2 s.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class OverviewReportTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(2);

    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        ["Pulse:Reports:CacheDuration"] = CacheDuration.ToString("c", CultureInfo.InvariantCulture),
    });

    private ReportWorld world = null!;

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        world = new ReportWorld(api);
        await world.SeedAsync();
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task Trending_posts_come_in_board_order_with_live_counters_standings_and_growth()
    {
        var report = await GetReportAsync("?days=7");

        Assert.Equal(world.TrendingOrder, report.Trending.Select(post => post.PostId));
        Assert.Equal([1, 2, 3, 4, 5], report.Trending.Select(post => post.TrendingRank));
        // Recorded within moments of each other, so decay scales them alike: share 3 x 8 against likes 2 x 3.
        Assert.Equal(4, report.Trending[0].TrendingScore / report.Trending[1].TrendingScore, 3);
        Assert.Equal(
            [
                new PostCounters(world.Ten, 0, 0, 0, 3), new PostCounters(world.Fourteen, 0, 2, 0, 0), new PostCounters(ReportWorld.Unknown, 0, 0, 1, 0),
                new PostCounters(world.Twelve, 0, 1, 0, 0), new PostCounters(world.Thirteen, 1, 0, 0, 0),
            ],
            report.Trending.Select(post => post.Live));

        var ten = report.Trending[0];
        Assert.Equal((world.Ada.Id, "ada", "ten"), (ten.AuthorId!.Value, ten.AuthorHandle, ten.Excerpt));
        Assert.Equal(
            [(31.0, 3L, 2L), (null, null, null), (null, null, null), (120.0, 1L, 1L), (9.0, 4L, 1L)],
            report.Trending.Select(post => (post.Engagement, post.Rank, post.RankWithinAuthor)));
        Assert.Equal([1.1, null, null, -0.5, null], report.Trending.Select(post => post.DayOverDayGrowth is { } growth ? Math.Round(growth, 9) : (double?)null));
        // Known to PostgreSQL without engagement in the window: its author, no standing.
        Assert.Equal(("bob", "fourteen"), (report.Trending[1].AuthorHandle, report.Trending[1].Excerpt));
        // Not known to PostgreSQL at all: Redis' part only.
        Assert.Equal((null, null), (report.Trending[2].AuthorId, report.Trending[2].AuthorHandle));
    }

    [Fact]
    public async Task A_one_day_window_ranks_by_today_only()
    {
        var report = await GetReportAsync("?days=1");

        // Today: twelve 40, ten 21; eleven and thirteen had nothing today.
        Assert.Equal(1, report.Days);
        Assert.Equal(
            [(21.0, 2L, 1L), (null, null, null), (null, null, null), (40.0, 1L, 1L), (null, null, null)],
            report.Trending.Select(post => (post.Engagement, post.Rank, post.RankWithinAuthor)));
        Assert.Equal([ReportWorld.Today], report.Daily.Select(day => day.Day));
        Assert.Equal(61, report.Totals.Engagement);
    }

    [Fact]
    public async Task Totals_and_the_daily_series_cover_the_whole_platform_over_the_window()
    {
        var report = await GetReportAsync("?days=7");

        Assert.Equal(new PlatformTotals(Users: 3, Posts: 5, Follows: 3, Views: 60, Likes: 5, Comments: 1, Shares: 15, Engagement: 200), report.Totals);
        var today = ReportWorld.Today;
        Assert.Equal(Enumerable.Range(-6, 7).Select(today.AddDays), report.Daily.Select(day => day.Day));
        Assert.Equal([0.0, 0, 0, 40, 9, 90, 61], report.Daily.Select(day => day.Engagement));
        // The first days' averages reach back before the window, to eleven's 1000 on T-8.
        Assert.Equal([1000 / 7.0, 1000 / 7.0, 1000 / 7.0, 1040 / 7.0, 1049 / 7.0, 139 / 7.0, 200 / 7.0],
            report.Daily.Select(day => Math.Round(day.MovingAverage7Days, 9)), new RoundedEquality());
        Assert.Equal([0.0, 0, 0, 40, -31, 81, -29], report.Daily.Select(day => day.ChangeFromPreviousDay!.Value));
    }

    [Fact]
    public async Task Live_activity_counts_the_day_s_events_and_the_signed_in_sessions()
    {
        await world.SignInAsync("ada");
        await world.SignInAsync("bob");

        var report = await GetReportAsync("?days=7");

        Assert.Equal(new LiveActivity(ActiveSessions: 2, EventsLast24Hours: 8), report.Live);
    }

    [Fact]
    public async Task Without_MongoDB_the_event_breakdown_is_unavailable_and_says_why()
    {
        var report = await GetReportAsync("?days=7");

        Assert.False(report.Events.Available);
        Assert.Equal(EventBreakdownReader.NotConfiguredReason, report.Events.Reason);
        Assert.Empty(report.Events.Devices);
        Assert.Empty(report.Events.Countries);
        Assert.Empty(report.Events.Hours);
    }

    [Fact]
    public async Task A_report_is_served_from_the_cache_until_it_expires_and_fresh_builds_it_anew()
    {
        var first = await GetReportAsync("?days=7");
        await world.PostEventsAsync(world.Event(EventTypes.PostView, world.Ten));

        var cached = await GetReportAsync("?days=7");
        var otherWindow = await GetReportAsync("?days=3");
        var fresh = await GetReportAsync("?days=7&fresh=true");

        Assert.Equal(first.GeneratedAt, cached.GeneratedAt);
        Assert.Equal(0, cached.Trending[0].Live.Views);
        Assert.Equal(8, cached.Live.EventsLast24Hours);
        Assert.Equal(3, otherWindow.Days);
        Assert.True(fresh.GeneratedAt > first.GeneratedAt);
        Assert.Equal((1L, 9L), (fresh.Trending[0].Live.Views, fresh.Live.EventsLast24Hours));

        var rebuilt = await Eventually.ReturnsAsync(() => GetReportAsync("?days=7"), report => report.GeneratedAt != fresh.GeneratedAt,
            CacheDuration * 5, "the cached report to expire and be built again");
        Assert.True(rebuilt.GeneratedAt > fresh.GeneratedAt);
    }

    [Fact]
    public async Task The_csv_download_reads_back_as_the_same_report()
    {
        using var response = await api.Client.GetAsync("/api/reports/overview.csv?days=7", TestContext.Current.CancellationToken);
        var csv = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        // Within the cache's life: the very report the CSV was written from.
        var report = await GetReportAsync("?days=7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"pulse-overview-7d-{report.GeneratedAt.UtcDateTime:yyyy-MM-dd}.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        var sections = CsvSections.Read(csv);
        Assert.Equal(OverviewReportCsv.Sections, sections.Names);
        Assert.Equal(report.GeneratedAt, DateTimeOffset.Parse(sections["report"].Field(0, "generated_at"), CultureInfo.InvariantCulture));
        Assert.Equal(("8", "0", "false"), (sections["report"].Field(0, "events_last_24_hours"), sections["report"].Field(0, "active_sessions"), sections["report"].Field(0, "events_available")));
        var trending = sections["trending"];
        Assert.Equal(report.Trending.Select(post => post.PostId.ToString(CultureInfo.InvariantCulture)), trending.Rows.Select(row => row[1]));
        Assert.Equal(report.Trending.Select(post => post.TrendingScore), trending.Rows.Select(row => double.Parse(row[2], CultureInfo.InvariantCulture)));
        Assert.Equal(["ada", "bob", "", "bob", "cyrus"], Enumerable.Range(0, 5).Select(row => trending.Field(row, "author_handle")));
        Assert.Equal(["1.1", "", "", "-0.5", ""], Enumerable.Range(0, 5).Select(row => trending.Field(row, "day_over_day_growth")));
        Assert.Equal(report.Daily.Select(day => (day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.MovingAverage7Days)),
            sections["daily"].Rows.Select(row => (row[0], double.Parse(row[6], CultureInfo.InvariantCulture))));
        Assert.Equal(["3", "5", "3", "60", "5", "1", "15", "200"], sections["totals"].Rows[0]);
        Assert.Empty(sections["hours"].Rows);
    }

    [Fact]
    public async Task The_build_is_one_span_that_says_whether_the_cache_answered_and_MongoDB_was_there()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PulseTelemetry.ApiSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == ReportTelemetry.OverviewSpan && Equals(activity.GetTagItem(ReportTelemetry.DaysTag), 5))
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await GetReportAsync("?days=5");
        await GetReportAsync("?days=5");

        Assert.Equal(
            [(false, false, 5), (true, false, 5)],
            spans.Select(span => ((bool)span.GetTagItem(ReportTelemetry.CacheHitTag)!, (bool)span.GetTagItem(ReportTelemetry.EventsAvailableTag)!, (int)span.GetTagItem(ReportTelemetry.TrendingPostsTag)!)));
    }

    [Theory]
    [InlineData("/api/reports/overview?days=0")]
    [InlineData("/api/reports/overview?days=91")]
    [InlineData("/api/reports/overview.csv?days=0")]
    [InlineData("/api/reports/overview.csv?days=-7")]
    public async Task Days_outside_one_to_ninety_answer_400_naming_days(string path)
    {
        using var response = await api.Client.GetAsync(path, TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync("days");
    }

    [Fact]
    public async Task Days_that_are_not_a_number_answer_400()
    {
        using var response = await api.Client.GetAsync("/api/reports/overview?days=week", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/reports/overview")]
    [InlineData("/api/reports/overview.csv")]
    public async Task Reports_are_for_admins_only(string path)
    {
        var ingestKey = await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("ingest", "ingest"));
        var session = await world.SignInAsync("ada");
        using var anonymous = api.CreateClient();
        using var ingest = api.CreateClient(apiKey: ingestKey.Secret);
        using var user = api.CreateClient(bearer: session.Token);

        using var withoutCredentials = await anonymous.GetAsync(path, TestContext.Current.CancellationToken);
        using var withIngestKey = await ingest.GetAsync(path, TestContext.Current.CancellationToken);
        using var asUser = await user.GetAsync(path, TestContext.Current.CancellationToken);

        await withoutCredentials.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Forbidden, withIngestKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asUser.StatusCode);
    }

    [Fact]
    public async Task Both_reports_are_described_in_openapi_with_the_csv_format()
    {
        var document = await api.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Contains("\"/api/reports/overview\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/reports/overview.csv\"", document, StringComparison.Ordinal);
        Assert.Contains("\"text/csv\"", document, StringComparison.Ordinal);
        Assert.Contains("section,NAME,ROWS", document, StringComparison.Ordinal);
    }

    private async Task<OverviewReport> GetReportAsync(string query)
    {
        using var response = await api.Client.GetAsync($"/api/reports/overview{query}", TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<OverviewReport>(TestContext.Current.CancellationToken))!;
    }

    private sealed class RoundedEquality : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-6;

        public int GetHashCode(double obj) => 0;
    }
}

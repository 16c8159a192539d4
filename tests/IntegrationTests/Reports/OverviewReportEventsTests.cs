using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Api.Realtime;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Reports;
using Pulse.IntegrationTests.Aggregates;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.IntegrationTests.EventAnalytics;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Reports;

/// <summary>
/// The overview report's MongoDB part: with a MongoDB that does not answer (always), and with a
/// real one (only where PULSE_TEST_MONGODB is set). Posts 10 and 11 trend; 12 does not.
///
///  #  user  type       post  time              device            country
///  1  1     post_view  10    D 09:00           mobile / iOS      US
///  2  2     post_view  10    D 09:30           mobile / iOS      US
///  3  2     post_like  11    D 10:00           desktop / Windows GB
///  4  3     post_view  12    D 10:00           desktop / Windows GB   (not trending)
///  5  1     post_view  10    D-7 12:00         mobile / iOS      US   (before a 7-day window)
/// D is yesterday (UTC), so the TTL monitor never removes the fixture mid-test.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class OverviewReportEventsTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Day = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-1);

    [Fact]
    public async Task A_MongoDB_that_does_not_answer_leaves_the_breakdown_unavailable_and_the_report_standing()
    {
        await using var api = new ApiServer(postgres, new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.EventsDatabase}"] = $"mongodb://127.0.0.1:{ClosedPort.Find()}/pulse",
            ["Pulse:Reports:EventStoreTimeout"] = "00:00:00.500",
        });
        await api.InitializeAsync();
        await TrendAsync(api, 10);

        var report = await GetReportAsync(api);

        Assert.Equal([10L], report.Trending.Select(post => post.PostId));
        Assert.False(report.Events.Available);
        Assert.Equal("MongoDB did not answer within 0.5 s.", report.Events.Reason);
        Assert.Empty(report.Events.Hours);
    }

    [Fact]
    public async Task The_breakdown_covers_the_trending_posts_events_over_the_window()
    {
        await using var mongo = MongoTestDatabase.CreateIfAvailable();
        Assert.SkipWhen(mongo is null, MongoTestDatabase.SkipReason);
        await using var api = mongo.CreateApi(postgres);
        await api.InitializeAsync();
        await TrendAsync(api, 10, 11);
        var mobile = new EventDevice("mobile", "iOS", null);
        var desktop = new EventDevice("desktop", "Windows", null);
        await mongo.WriteAsync(
        [
            Event(1, 1, EventTypes.PostView, 10, Day.AddHours(9), mobile, "US"),
            Event(2, 2, EventTypes.PostView, 10, Day.AddHours(9.5), mobile, "US"),
            Event(3, 2, EventTypes.PostLike, 11, Day.AddHours(10), desktop, "GB"),
            Event(4, 3, EventTypes.PostView, 12, Day.AddHours(10), desktop, "GB"),
            Event(5, 1, EventTypes.PostView, 10, Day.AddDays(-7).AddHours(12), mobile, "US"),
        ], TestContext.Current.CancellationToken);

        var events = (await GetReportAsync(api)).Events;

        Assert.True(events.Available);
        Assert.Null(events.Reason);
        Assert.Equal([("mobile", "iOS", 2L, 2L), ("desktop", "Windows", 1L, 1L)], events.Devices.Select(row => (row.DeviceType, row.Os, row.Events, row.Users)));
        Assert.Equal([("US", 2L, 2L), ("GB", 1L, 1L)], events.Countries.Select(row => (row.Country, row.Events, row.Users)));
        Assert.Equal(Enumerable.Range(0, 24), events.Hours.Select(row => row.Hour));
        Assert.Equal([(9, 2L, 2L), (10, 1L, 1L)], events.Hours.Where(row => row.Events > 0).Select(row => (row.Hour, row.Events, row.Users)));
    }

    /// <summary>Puts the posts on the decayed board (no PostgreSQL rows needed), the first the highest.</summary>
    private static async Task TrendAsync(ApiServer api, params long[] postIds)
    {
        var recorder = api.Services.GetRequiredService<EventRecorder>();
        for (var i = 0; i < postIds.Length; i++)
        {
            RealtimeEvent[] shares = [.. Enumerable.Range(0, postIds.Length - i).Select(_ =>
                new RealtimeEvent(Guid.CreateVersion7().ToString(), EventTypes.PostShare, postIds[i], DateTimeOffset.UtcNow, "{}", UserId: 1))];
            await recorder.RecordAsync(shares, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<OverviewReport> GetReportAsync(ApiServer api)
    {
        using var response = await api.Client.GetAsync("/api/reports/overview?days=7", TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<OverviewReport>(TestContext.Current.CancellationToken))!;
    }

    private static PipelineEvent Event(int n, long user, string type, long post, DateTimeOffset at, EventDevice device, string country) =>
        new(Guid.Parse($"00000000-0000-7000-8000-0000000000{n:x2}"), type, user, post, null, at, Day.AddDays(1), device, new EventGeo(country, null), null);
}

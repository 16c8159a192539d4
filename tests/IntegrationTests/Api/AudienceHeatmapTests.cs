using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts.Analytics;
using Pulse.Data.Analytics;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Api;

/// <summary>
/// The audience heatmap against a fixture worked out by hand. Window: the UTC days 2026-10-25 to
/// 10-31 (days=7, asOf=10-31). Europe/Berlin leaves summer time on Sunday 10-25 at 01:00 UTC
/// (03:00 CEST becomes 02:00 CET), so the local hour 02 of that Sunday happens twice.
/// Followers of ada (1): bob (2) and cyrus (3); dee (4) does not follow her.
///
///  user   UTC hour          events  Berlin             UTC
///  bob    10-24 23:00          10   Sun 01 (before the window: not counted)
///  bob    10-25 00:00           2   Sun 02 (CEST)      Sun 00
///  bob    10-25 01:00           1   Sun 02 (CET)       Sun 01
///  cyrus  10-25 01:00           4   Sun 02 (CET)       Sun 01
///  dee    10-25 01:00         100   Sun 02             Sun 01   (no follower of ada)
///  cyrus  10-26 08:00           5   Mon 09             Mon 08   (Asia/Kolkata: 13:30, so Mon 13)
///  ada    10-27 12:00           1   Tue 13             Tue 12   (the author herself)
///  bob    10-31 23:00           2   Sun 00 (11-01)     Sat 23
///  cyrus  11-01 00:00           1   (after the window: not counted)
///
/// ada's followers in Berlin: Sun 02 = 7 events over 3 user-hours (bob twice, cyrus once), the best;
/// Mon 09 = 5/1; Sun 00 = 2/1. The platform in Berlin adds dee to Sun 02 (107/4) and ada at Tue 13.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class AudienceHeatmapTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Window = "days=7&asOf=2026-10-31";
    private readonly ApiServer api = new(postgres);

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        await api.ExecuteAsync(AnalyticsFixtureUsers.Insert);
        await api.ExecuteAsync("""
            insert into follows (follower_id, followee_id, created_at) values
              (2, 1, '2026-10-01 08:00Z'), (3, 1, '2026-10-02 08:00Z'), (1, 4, '2026-10-03 08:00Z');
            insert into user_hourly_activity (user_id, hour, events) values
              (2, '2026-10-24 23:00Z', 10),
              (2, '2026-10-25 00:00Z', 2),
              (2, '2026-10-25 01:00Z', 1),
              (3, '2026-10-25 01:00Z', 4),
              (4, '2026-10-25 01:00Z', 100),
              (3, '2026-10-26 08:00Z', 5),
              (1, '2026-10-27 12:00Z', 1),
              (2, '2026-10-31 23:00Z', 2),
              (3, '2026-11-01 00:00Z', 1);
            """);
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task An_authors_heatmap_counts_only_her_followers_and_both_berlin_02s_of_the_dst_change_in_one_cell()
    {
        var heatmap = await GetAsync($"/api/analytics/users/1/audience-heatmap?{Window}&tz=Europe/Berlin");

        AssertGrid(heatmap);
        Assert.Equal((1L, new DateOnly(2026, 10, 25), new DateOnly(2026, 10, 31), "Europe/Berlin"),
            (heatmap.AuthorId!.Value, heatmap.FirstDay, heatmap.AsOf, heatmap.TimeZone));
        Assert.Equal([new(1, 9, 5, 1), new(7, 0, 2, 1), new(7, 2, 7, 3)], NonZero(heatmap));
        Assert.Equal([new HeatmapCell(7, 2, 7, 3)], heatmap.Best);
    }

    [Fact]
    public async Task The_platforms_heatmap_counts_everyone()
    {
        var heatmap = await GetAsync($"/api/analytics/audience-heatmap?{Window}&tz=Europe/Berlin");

        AssertGrid(heatmap);
        Assert.Null(heatmap.AuthorId);
        Assert.Equal([new(1, 9, 5, 1), new(2, 13, 1, 1), new(7, 0, 2, 1), new(7, 2, 107, 4)], NonZero(heatmap));
        Assert.Equal([new HeatmapCell(7, 2, 107, 4)], heatmap.Best);
    }

    [Fact]
    public async Task Utc_is_the_default_zone()
    {
        var heatmap = await GetAsync($"/api/analytics/audience-heatmap?{Window}");

        Assert.Equal("UTC", heatmap.TimeZone);
        Assert.Equal([new(1, 8, 5, 1), new(2, 12, 1, 1), new(6, 23, 2, 1), new(7, 0, 2, 1), new(7, 1, 105, 3)], NonZero(heatmap));
    }

    [Fact]
    public async Task A_half_hour_zone_attributes_each_utc_hour_to_the_local_hour_it_starts_in()
    {
        var heatmap = await GetAsync($"/api/analytics/users/1/audience-heatmap?{Window}&tz=Asia/Kolkata");

        // 10-25 00:00Z and 01:00Z are Sunday 05:30 and 06:30; 10-26 08:00Z is Monday 13:30; 10-31 23:00Z is Sunday 04:30.
        Assert.Equal([new(1, 13, 5, 1), new(7, 4, 2, 1), new(7, 5, 2, 1), new(7, 6, 5, 2)], NonZero(heatmap));
    }

    [Fact]
    public async Task An_unknown_user_is_404_and_a_bad_zone_or_window_is_400()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var unknown = await api.Client.GetAsync($"/api/analytics/users/999/audience-heatmap?{Window}", cancellationToken);
        using var noZone = await api.Client.GetAsync("/api/analytics/audience-heatmap?tz=Mars/Olympus_Mons", cancellationToken);
        using var windowsZone = await api.Client.GetAsync("/api/analytics/audience-heatmap?tz=W.%20Europe%20Standard%20Time", cancellationToken);
        using var posixOffset = await api.Client.GetAsync("/api/analytics/users/1/audience-heatmap?tz=UTC%2B3", cancellationToken);
        using var tooLong = await api.Client.GetAsync("/api/analytics/audience-heatmap?days=366", cancellationToken);
        using var empty = await api.Client.GetAsync("/api/analytics/users/1/audience-heatmap?days=0", cancellationToken);

        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        await noZone.AssertInvalidFieldAsync("tz");
        await windowsZone.AssertInvalidFieldAsync("tz");
        await posixOffset.AssertInvalidFieldAsync("tz");
        await tooLong.AssertInvalidFieldAsync("days");
        await empty.AssertInvalidFieldAsync("days");
    }

    [Fact]
    public async Task A_zone_postgresql_does_not_know_is_reported_as_such_not_as_a_server_error()
    {
        var query = api.GetService<AudienceHeatmapQuery>();

        // The endpoints refuse this name before PostgreSQL sees it; this is the second line of defence.
        var refused = await Assert.ThrowsAsync<UnknownTimeZoneException>(() =>
            query.ExecuteAsync(null, new AnalyticsWindow(new DateOnly(2026, 10, 31), 7), "Mars/Olympus_Mons", TestContext.Current.CancellationToken));

        Assert.Equal("Mars/Olympus_Mons", refused.TimeZone);
    }

    [Fact]
    public async Task The_heatmaps_and_retention_are_described_in_openapi_with_their_definitions()
    {
        var document = await api.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        foreach (var (path, operation) in new[]
        {
            ("/api/analytics/users/{id}/audience-heatmap", "GetFollowerHeatmap"),
            ("/api/analytics/audience-heatmap", "GetPlatformHeatmap"),
            ("/api/analytics/events/heatmap", "GetEventHeatmap"),
            ("/api/analytics/retention", "GetRetentionCohorts"),
        })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
            Assert.Contains($"\"operationId\": \"{operation}\"", document, StringComparison.Ordinal);
        }
        Assert.Contains("1 = Monday", document, StringComparison.Ordinal);
        Assert.Contains("periods yet to come are absent, not zero", document, StringComparison.Ordinal);
    }

    private static void AssertGrid(AudienceHeatmap heatmap) =>
        Assert.Equal(
            Enumerable.Range(1, 7).SelectMany(weekday => Enumerable.Range(0, 24).Select(hour => (weekday, hour))),
            heatmap.Cells.Select(cell => (cell.Weekday, cell.Hour)));

    private static HeatmapCell[] NonZero(AudienceHeatmap heatmap) =>
        [.. heatmap.Cells.Where(cell => cell.Events != 0 || cell.UserHours != 0)];

    private async Task<AudienceHeatmap> GetAsync(string path) =>
        (await api.Client.GetFromJsonAsync<AudienceHeatmap>(path, TestContext.Current.CancellationToken))!;
}

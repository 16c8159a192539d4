using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts.Analytics;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Api;

/// <summary>
/// Follower growth against a fixture worked out by hand. Follows (follower → followee, made on):
/// ada→cyrus 11-01, ada→bob 11-10, cyrus→bob 11-18, dee→bob 11-18, bob→ada 11-19, cyrus→ada 11-20.
///
/// bob, 11-18 to 11-20: 1 follower before; 11-18 +2 → 3; 11-19 → 3; 11-20 → 3.
/// platform, 11-18 to 11-20: 2 follows before; 11-18 +2 → 4; 11-19 +1 → 5; 11-20 +1 → 6.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class FollowerGrowthTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Window = "days=3&asOf=2026-11-20";
    private readonly ApiServer api = new(postgres);

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        await api.ExecuteAsync(AnalyticsFixtureUsers.Insert);
        await api.ExecuteAsync("""
            insert into follows (follower_id, followee_id, created_at) values
              (1, 3, '2026-11-01 08:00Z'), (1, 2, '2026-11-10 23:59Z'), (3, 2, '2026-11-18 00:00Z'),
              (4, 2, '2026-11-18 12:00Z'), (2, 1, '2026-11-19 09:00Z');
            insert into follows (follower_id, followee_id, created_at) values (3, 1, '2026-11-20 17:30Z');
            """);
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task A_users_growth_counts_each_follow_on_its_day_on_top_of_the_followers_before_the_window()
    {
        var bob = await GetAsync($"/api/analytics/users/2/follower-growth?{Window}");

        Assert.Equal(
            [Day("2026-11-18", 2, 0, 3), Day("2026-11-19", 0, 0, 3), Day("2026-11-20", 0, 0, 3)],
            bob);
    }

    [Fact]
    public async Task The_platforms_growth_counts_every_follow_made_in_two_statements_alike()
    {
        var platform = await GetAsync($"/api/analytics/follower-growth?{Window}");

        Assert.Equal(
            [Day("2026-11-18", 2, 0, 4), Day("2026-11-19", 1, 0, 5), Day("2026-11-20", 1, 0, 6)],
            platform);
    }

    [Fact]
    public async Task An_unfollow_through_the_api_is_lost_today_and_the_running_total_matches_the_follower_count()
    {
        using (var unfollowed = await api.Client.DeleteAsync("/api/users/3/following/2", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, unfollowed.StatusCode);
        }
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var bob = await GetAsync($"/api/analytics/users/2/follower-growth?days=1&asOf={today:yyyy-MM-dd}");
        var profile = await api.Client.GetFromJsonAsync<UserResponse>("/api/users/2", TestContext.Current.CancellationToken);

        Assert.Equal([Day(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), 0, 1, 2)], bob);
        Assert.Equal(profile!.Followers, bob[^1].Total);
    }

    [Fact]
    public async Task An_unknown_user_is_404_and_a_window_out_of_range_is_400()
    {
        using var unknown = await api.Client.GetAsync($"/api/analytics/users/999/follower-growth?{Window}", TestContext.Current.CancellationToken);
        using var tooLong = await api.Client.GetAsync("/api/analytics/follower-growth?days=366", TestContext.Current.CancellationToken);

        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        await tooLong.AssertInvalidFieldAsync("days");
    }

    private static FollowerGrowthDay Day(string day, long gained, long lost, long total) =>
        new(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), gained, lost, gained - lost, total);

    private async Task<FollowerGrowthDay[]> GetAsync(string path) =>
        (await api.Client.GetFromJsonAsync<FollowerGrowthDay[]>(path, TestContext.Current.CancellationToken))!;
}

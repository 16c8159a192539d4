using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts.Analytics;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Api;

/// <summary>
/// Every analytics endpoint against a small fixture whose answers were worked out by hand.
/// Weights: view 1, like 3, comment 5, share 8. All windows end on 2026-11-20.
///
/// post 10 (ada):  11-19 views 5 → 5;  11-20 views 10, likes 2, comments 1 → 10+6+5 = 21
/// post 11 (ada):  11-18 views 20, likes 1, shares 1 → 20+3+8 = 31
/// post 12 (bob):  11-10 views 100 → 100;  11-20 views 31 → 31
/// post 13 (cyrus): 11-17 likes 5, comments 2, shares 1 → 15+10+8 = 33
/// dee has no posts. follows: ada→bob, cyrus→bob, dee→bob, bob→ada, cyrus→ada, ada→cyrus.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class AnalyticsApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string AsOf = "asOf=2026-11-20";
    private readonly ApiServer api = new(postgres);

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        await api.ExecuteAsync(AnalyticsFixtureUsers.Insert);
        await api.ExecuteAsync("""
            insert into posts (id, author_id, content, tags) overriding system value values
              (10, 1, 'ten', '{}'), (11, 1, 'eleven', '{}'), (12, 2, 'twelve', '{}'), (13, 3, 'thirteen', '{}');
            insert into post_daily_stats (post_id, author_id, day, views, likes, comments, shares) values
              (10, 1, '2026-11-19', 5, 0, 0, 0),
              (10, 1, '2026-11-20', 10, 2, 1, 0),
              (11, 1, '2026-11-18', 20, 1, 0, 1),
              (12, 2, '2026-11-10', 100, 0, 0, 0),
              (12, 2, '2026-11-20', 31, 0, 0, 0),
              (13, 3, '2026-11-17', 0, 5, 2, 1);
            insert into follows (follower_id, followee_id) values (1, 2), (3, 2), (4, 2), (2, 1), (3, 1), (1, 3);
            insert into user_daily_activity (user_id, day, events, post_views, likes, comments, shares, follows, sessions) values
              (1, '2026-11-20', 5, 3, 1, 0, 0, 0, 1),
              (1, '2026-11-01', 3, 2, 0, 0, 0, 1, 1),
              (1, '2026-10-01', 9, 9, 0, 0, 0, 0, 2);
            """);
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task Top_posts_over_seven_days_rank_overall_with_ties_and_within_each_author()
    {
        var top = await GetAsync<TopPost[]>($"/api/analytics/posts/top?days=7&limit=10&{AsOf}");

        // 13: 33; 11: 31; 12: 31 (its 100 on 11-10 is outside the window); 10: 26. RANK leaves a gap after the tie.
        Assert.Equal(
            [(13L, 33.0, 1L, 1L), (11L, 31.0, 2L, 1L), (12L, 31.0, 2L, 1L), (10L, 26.0, 4L, 2L)],
            top.Select(post => (post.PostId, post.Engagement, post.Rank, post.RankWithinAuthor)));
        var ten = top.Single(post => post.PostId == 10);
        Assert.Equal(("ada", "ten", 15L, 2L, 1L, 0L), (ten.AuthorHandle, ten.Excerpt, ten.Views, ten.Likes, ten.Comments, ten.Shares));
    }

    [Fact]
    public async Task Top_posts_limit_cuts_the_list_but_not_the_ranks()
    {
        var top = await GetAsync<TopPost[]>($"/api/analytics/posts/top?days=30&limit=2&{AsOf}");

        // Over 30 days post 12 has 131 and leads; the per-author rank of 11 still sees post 10.
        Assert.Equal([(12L, 131.0, 1L), (13L, 33.0, 2L)], top.Select(post => (post.PostId, post.Engagement, post.Rank)));
    }

    [Fact]
    public async Task Daily_series_has_every_day_a_seven_day_moving_average_and_the_change()
    {
        var days = await GetAsync<DailyEngagement[]>($"/api/analytics/daily?days=3&{AsOf}");

        // Totals: 11-17 33, 11-18 31, 11-19 5, 11-20 21+31 = 52; 11-12..11-16 nothing.
        // 7-day averages: 11-18 (33+31)/7, 11-19 (33+31+5)/7, 11-20 (33+31+5+52)/7. Changes: -2, -26, +47.
        Assert.Equal([new DateOnly(2026, 11, 18), new DateOnly(2026, 11, 19), new DateOnly(2026, 11, 20)], days.Select(day => day.Day));
        Assert.Equal([31.0, 5.0, 52.0], days.Select(day => day.Engagement));
        Assert.Equal([64 / 7.0, 69 / 7.0, 121 / 7.0], days.Select(day => Math.Round(day.MovingAverage7Days, 9)), new RoundedEquality());
        Assert.Equal([-2.0, -26.0, 47.0], days.Select(day => day.ChangeFromPreviousDay!.Value));
        Assert.Equal((41L, 2L, 1L, 0L), (days[2].Views, days[2].Likes, days[2].Comments, days[2].Shares));
    }

    [Fact]
    public async Task Daily_series_fills_quiet_days_with_zero()
    {
        var days = await GetAsync<DailyEngagement[]>($"/api/analytics/daily?days=30&{AsOf}");

        Assert.Equal(30, days.Length);
        Assert.Equal(new DateOnly(2026, 10, 22), days[0].Day);
        Assert.Equal(0, days[0].Engagement);
        Assert.Equal(100, days.Single(day => day.Day == new DateOnly(2026, 11, 10)).Engagement);
        Assert.Equal(-100, days.Single(day => day.Day == new DateOnly(2026, 11, 11)).ChangeFromPreviousDay);
        Assert.Equal(5 + 21 + 31 + 100 + 31 + 33, days.Sum(day => day.Engagement));
    }

    [Fact]
    public async Task One_post_s_daily_series_has_its_own_days_moving_average_and_change()
    {
        var days = await GetAsync<DailyEngagement[]>($"/api/analytics/posts/10/daily?days=3&{AsOf}");

        // Post 10 only: 11-19 5, 11-20 21 (the others' 31 on 11-20 and 11-18 are not its own).
        Assert.Equal([new DateOnly(2026, 11, 18), new DateOnly(2026, 11, 19), new DateOnly(2026, 11, 20)], days.Select(day => day.Day));
        Assert.Equal([0.0, 5.0, 21.0], days.Select(day => day.Engagement));
        Assert.Equal([0.0, 5 / 7.0, 26 / 7.0], days.Select(day => Math.Round(day.MovingAverage7Days, 9)), new RoundedEquality());
        Assert.Equal([0.0, 5.0, 16.0], days.Select(day => day.ChangeFromPreviousDay!.Value));
        Assert.Equal((10L, 2L, 1L, 0L), (days[2].Views, days[2].Likes, days[2].Comments, days[2].Shares));
    }

    [Fact]
    public async Task One_post_s_moving_average_forgets_a_day_after_seven()
    {
        var days = await GetAsync<DailyEngagement[]>($"/api/analytics/posts/12/daily?days=30&{AsOf}");

        // Post 12: 100 on 11-10, 31 on 11-20.
        Assert.Equal(30, days.Length);
        Assert.Equal(100 + 31, days.Sum(day => day.Engagement));
        var byDay = days.ToDictionary(day => day.Day);
        Assert.Equal(100 / 7.0, byDay[new DateOnly(2026, 11, 16)].MovingAverage7Days, 9);
        Assert.Equal(0, byDay[new DateOnly(2026, 11, 17)].MovingAverage7Days);
        Assert.Equal(-100, byDay[new DateOnly(2026, 11, 11)].ChangeFromPreviousDay);
    }

    [Fact]
    public async Task A_post_without_engagement_has_a_day_of_zeros_for_every_day()
    {
        await api.ExecuteAsync("insert into posts (id, author_id, content, tags) overriding system value values (14, 4, 'quiet', '{}')");

        var days = await GetAsync<DailyEngagement[]>($"/api/analytics/posts/14/daily?days=7&{AsOf}");

        Assert.Equal(7, days.Length);
        Assert.All(days, day => Assert.Equal((0.0, 0.0, 0.0), (day.Engagement, day.MovingAverage7Days, day.ChangeFromPreviousDay!.Value)));
    }

    [Fact]
    public async Task Unknown_post_daily_series_answers_404()
    {
        using var response = await api.Client.GetAsync($"/api/analytics/posts/99/daily?{AsOf}", TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("No such post", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Author_leaderboard_ranks_with_percentile_and_quartile()
    {
        var authors = await GetAsync<AuthorStanding[]>($"/api/analytics/authors/leaderboard?days=30&{AsOf}");

        // bob 131 (one post), ada 26+31 = 57 (two posts), cyrus 33; dee has no posts and is absent.
        // PERCENT_RANK ascending: cyrus 0, ada 0.5, bob 1. NTILE(4) descending over three authors: 1, 2, 3.
        Assert.Equal(
            [("bob", 1L, 131.0, 1L, 100.0, 1), ("ada", 2L, 57.0, 2L, 50.0, 2), ("cyrus", 1L, 33.0, 3L, 0.0, 3)],
            authors.Select(author => (author.Handle, author.Posts, author.Engagement, author.Rank, author.Percentile, author.Quartile)));
    }

    [Fact]
    public async Task Most_followed_users_rank_by_follower_count()
    {
        var users = await GetAsync<FollowedUser[]>("/api/analytics/users/most-followed?limit=10");

        Assert.Equal([("bob", 3L, 1L), ("ada", 2L, 2L), ("cyrus", 1L, 3L)], users.Select(user => (user.Handle, user.Followers, user.Rank)));
    }

    [Fact]
    public async Task User_summary_adds_up_reach_engagement_and_activity()
    {
        var ada = await GetAsync<UserEngagementSummary>($"/api/analytics/users/1?days=30&{AsOf}");

        Assert.Equal(("ada", 2L, 2L, 2L), (ada.Handle, ada.Followers, ada.Following, ada.Posts));
        Assert.Equal((35L, 3L, 1L, 1L, 57.0), (ada.Views, ada.Likes, ada.Comments, ada.Shares, ada.Engagement));
        // The 10-01 activity is outside the 30 days.
        Assert.Equal((2L, 8L, 2L), (ada.ActiveDays, ada.Events, ada.Sessions));
        Assert.Equal([(11L, 31.0, 1L), (10L, 26.0, 2L)], ada.TopPosts.Select(post => (post.PostId, post.Engagement, post.Rank)));
    }

    [Fact]
    public async Task User_summary_of_a_user_without_posts_or_activity_is_all_zero()
    {
        var dee = await GetAsync<UserEngagementSummary>($"/api/analytics/users/4?days=7&{AsOf}");

        Assert.Equal((0L, 1L, 0L, 0.0, 0L), (dee.Followers, dee.Following, dee.Posts, dee.Engagement, dee.ActiveDays));
        Assert.Empty(dee.TopPosts);
    }

    [Fact]
    public async Task Unknown_user_summary_answers_404()
    {
        using var response = await api.Client.GetAsync($"/api/analytics/users/99?{AsOf}", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/analytics/posts/top?days=0", "days")]
    [InlineData("/api/analytics/posts/top?days=366", "days")]
    [InlineData("/api/analytics/posts/top?limit=0", "limit")]
    [InlineData("/api/analytics/authors/leaderboard?limit=101", "limit")]
    [InlineData("/api/analytics/daily?days=-1", "days")]
    [InlineData("/api/analytics/users/most-followed?limit=1000", "limit")]
    [InlineData("/api/analytics/users/1?days=400", "days")]
    [InlineData("/api/analytics/posts/10/daily?days=0", "days")]
    [InlineData("/api/analytics/posts/10/daily?days=366", "days")]
    public async Task Out_of_range_windows_and_limits_answer_400(string path, string field)
    {
        using var response = await api.Client.GetAsync(path, TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync(field);
    }

    [Fact]
    public async Task A_malformed_date_answers_400()
    {
        using var response = await api.Client.GetAsync("/api/analytics/daily?asOf=yesterday", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<T> GetAsync<T>(string path) =>
        (await api.Client.GetFromJsonAsync<T>(path, TestContext.Current.CancellationToken))!;

    private sealed class RoundedEquality : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-6;

        public int GetHashCode(double obj) => 0;
    }
}

using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts.Analytics;
using Pulse.Contracts.Posts;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Api;

/// <summary>
/// Engagement rates against a fixture worked out by hand. Window: 11-14 to 11-20 (days=7).
/// Follows: ada→cyrus 11-01, ada→bob 11-10, cyrus→bob 11-18, dee→bob 11-18, bob→ada 11-19, cyrus→ada 11-20;
/// each post's followers when published are the follows made before it.
///
/// post (author, published): interactions / reach, followers then → by reach, by followers
/// 10 (bob 11-15):   3+1+0 = 4 / 8,   1 → 0.5,  4
/// 11 (bob 11-18):   2+1+1 = 4 / 16,  3 → 0.25, 4/3
/// 12 (bob 11-19):   no stats, 0 / 0, 3 → null, 0
/// 20 (ada 11-17):   1+0+0 = 1 / 2,   0 → 0.5,  null
/// 21 (ada 11-20):   6+1+2 = 9 / 10,  2 → 0.9,  4.5
/// 30 (cyrus 11-01): 10 / 20,         1 → 0.5,  10 (before the window: in no median)
///
/// bob's medians: by reach {0.25, 0.5} → 0.375; by followers {0, 4/3, 4} → 4/3; 3 posts.
/// platform: by reach {0.25, 0.5, 0.5, 0.9} → 0.5; by followers {0, 4/3, 4, 4.5} → (4/3 + 4) / 2 = 8/3; 5 posts.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class EngagementRateTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Window = "days=7&asOf=2026-11-20";
    private const double Tolerance = 1e-9;
    private readonly ApiServer api = new(postgres);

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        await api.ExecuteAsync(AnalyticsFixtureUsers.Insert);
        await api.ExecuteAsync("""
            insert into follows (follower_id, followee_id, created_at) values
              (1, 3, '2026-11-01 08:00Z'), (1, 2, '2026-11-10 23:59Z'), (3, 2, '2026-11-18 00:00Z'),
              (4, 2, '2026-11-18 12:00Z'), (2, 1, '2026-11-19 09:00Z'), (3, 1, '2026-11-20 17:30Z');
            insert into posts (id, author_id, content, tags, created_at, followers_at_publish) overriding system value values
              (10, 2, 'first', '{}', '2026-11-15 10:00Z', 1), (11, 2, 'second', '{}', '2026-11-18 20:00Z', 3),
              (12, 2, 'third', '{}', '2026-11-19 06:00Z', 3), (20, 1, 'hello', '{}', '2026-11-17 12:00Z', 0),
              (21, 1, 'again', '{}', '2026-11-20 23:59Z', 2), (30, 3, 'old', '{}', '2026-11-01 09:00Z', 1);
            insert into post_stats (post_id, views, likes, comments, shares, reach) values
              (10, 12, 3, 1, 0, 8), (11, 30, 2, 1, 1, 16), (20, 2, 1, 0, 0, 2), (21, 15, 6, 1, 2, 10), (30, 25, 10, 0, 0, 20);
            """);
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task An_authors_posts_carry_both_rates_newest_first_beside_the_authors_and_the_platforms_medians()
    {
        var bob = await api.Client.GetFromJsonAsync<AuthorEngagementRates>($"/api/analytics/users/2/engagement-rates?{Window}", TestContext.Current.CancellationToken);

        Assert.Equal([12L, 11L, 10L], bob!.Posts.Select(post => post.PostId));
        AssertPost(bob.Posts[0], interactions: 0, reach: 0, followers: 3, byReach: null, byFollowers: 0);
        AssertPost(bob.Posts[1], interactions: 4, reach: 16, followers: 3, byReach: 0.25, byFollowers: 4.0 / 3);
        AssertPost(bob.Posts[2], interactions: 4, reach: 8, followers: 1, byReach: 0.5, byFollowers: 4);
        AssertMedians(bob.Author, byReach: 0.375, byFollowers: 4.0 / 3, posts: 3);
        AssertMedians(bob.Platform, byReach: 0.5, byFollowers: 8.0 / 3, posts: 5);
        Assert.Equal((new DateOnly(2026, 11, 14), new DateOnly(2026, 11, 20)), (bob.FirstDay, bob.AsOf));
    }

    [Fact]
    public async Task A_post_before_the_window_keeps_its_own_rates_and_its_author_without_posts_in_it_has_no_median()
    {
        var report = await api.Client.GetFromJsonAsync<PostEngagementRateReport>($"/api/analytics/posts/30/engagement-rate?{Window}", TestContext.Current.CancellationToken);

        AssertPost(report!.Post, interactions: 10, reach: 20, followers: 1, byReach: 0.5, byFollowers: 10);
        Assert.Equal(3, report.Post.AuthorId);
        AssertMedians(report.Author, byReach: null, byFollowers: null, posts: 0);
        AssertMedians(report.Platform, byReach: 0.5, byFollowers: 8.0 / 3, posts: 5);
    }

    [Fact]
    public async Task Ada_s_median_covers_her_two_posts_in_the_window()
    {
        var report = await api.Client.GetFromJsonAsync<PostEngagementRateReport>($"/api/analytics/posts/21/engagement-rate?{Window}", TestContext.Current.CancellationToken);

        AssertPost(report!.Post, interactions: 9, reach: 10, followers: 2, byReach: 0.9, byFollowers: 4.5);
        AssertMedians(report.Author, byReach: 0.7, byFollowers: 4.5, posts: 2);
    }

    [Fact]
    public async Task A_post_made_through_the_api_keeps_the_followers_its_author_had_then()
    {
        using var created = await api.Client.PostAsJsonAsync("/api/posts", new CreatePostRequest(2, "fresh", []), TestContext.Current.CancellationToken);
        var post = await created.Content.ReadFromJsonAsync<PostResponse>(TestContext.Current.CancellationToken);
        await api.ExecuteAsync("delete from follows where follower_id = 1 and followee_id = 2");

        var report = await api.Client.GetFromJsonAsync<PostEngagementRateReport>($"/api/analytics/posts/{post!.Id}/engagement-rate", TestContext.Current.CancellationToken);

        // Bob had ada, cyrus and dee when he posted; ada left after.
        AssertPost(report!.Post, interactions: 0, reach: 0, followers: 3, byReach: null, byFollowers: 0);
    }

    [Fact]
    public async Task An_unknown_author_or_post_is_404_and_a_window_out_of_range_is_400()
    {
        using var unknownUser = await api.Client.GetAsync($"/api/analytics/users/999/engagement-rates?{Window}", TestContext.Current.CancellationToken);
        using var unknownPost = await api.Client.GetAsync($"/api/analytics/posts/999/engagement-rate?{Window}", TestContext.Current.CancellationToken);
        using var tooLong = await api.Client.GetAsync("/api/analytics/posts/10/engagement-rate?days=366", TestContext.Current.CancellationToken);

        await unknownUser.AssertProblemAsync(HttpStatusCode.NotFound);
        await unknownPost.AssertProblemAsync(HttpStatusCode.NotFound);
        await tooLong.AssertInvalidFieldAsync("days");
    }

    private static void AssertPost(PostEngagementRate post, long interactions, long reach, long followers, double? byReach, double? byFollowers)
    {
        Assert.Equal((interactions, reach, followers), (post.Interactions, post.Reach, post.FollowersAtPublish));
        AssertRate(byReach, post.RateByReach);
        AssertRate(byFollowers, post.RateByFollowers);
    }

    private static void AssertMedians(EngagementRateMedians medians, double? byReach, double? byFollowers, long posts)
    {
        Assert.Equal(posts, medians.Posts);
        AssertRate(byReach, medians.ByReach);
        AssertRate(byFollowers, medians.ByFollowers);
    }

    private static void AssertRate(double? expected, double? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }
        Assert.NotNull(actual);
        Assert.Equal(expected.Value, actual.Value, Tolerance);
    }
}

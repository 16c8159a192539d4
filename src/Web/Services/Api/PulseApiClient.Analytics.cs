using Pulse.Contracts.Analytics;

namespace Pulse.Web.Services.Api;

public sealed partial class PulseApiClient
{
    /// <summary><c>GET api/analytics/posts/top?days&amp;limit</c>: posts ranked by engagement, overall and within their author's.</summary>
    public Task<ApiResult<IReadOnlyList<TopPost>>> GetTopPostsAsync(int days, int limit, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<TopPost>>(Query($"api/analytics/posts/top?days={days}&limit={limit}"), cancellationToken);

    /// <summary><c>GET api/analytics/daily?days</c>: the platform's daily engagement with its 7-day moving average.</summary>
    public Task<ApiResult<IReadOnlyList<DailyEngagement>>> GetDailyEngagementAsync(int days, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<DailyEngagement>>(Query($"api/analytics/daily?days={days}"), cancellationToken);

    /// <summary><c>GET api/analytics/posts/{id}/daily?days</c>: one post's daily engagement with its 7-day moving average.</summary>
    public Task<ApiResult<IReadOnlyList<DailyEngagement>>> GetPostDailyEngagementAsync(long postId, int days, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<DailyEngagement>>(Query($"api/analytics/posts/{postId}/daily?days={days}"), cancellationToken);

    /// <summary><c>GET api/analytics/users/most-followed?limit</c>: users by follower count.</summary>
    public Task<ApiResult<IReadOnlyList<FollowedUser>>> GetMostFollowedAsync(int limit, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<FollowedUser>>(Query($"api/analytics/users/most-followed?limit={limit}"), cancellationToken);

    /// <summary><c>GET api/analytics/users/{id}/follower-growth?days</c>, or the platform's when <paramref name="userId"/> is null.</summary>
    public Task<ApiResult<IReadOnlyList<FollowerGrowthDay>>> GetFollowerGrowthAsync(long? userId, int days, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<FollowerGrowthDay>>(userId is { } id
            ? Query($"api/analytics/users/{id}/follower-growth?days={days}")
            : Query($"api/analytics/follower-growth?days={days}"), cancellationToken);

    /// <summary><c>GET api/analytics/users/{id}/engagement-rates?days</c>: an author's posts' rates and the medians.</summary>
    public Task<ApiResult<AuthorEngagementRates>> GetAuthorEngagementRatesAsync(long userId, int days, CancellationToken cancellationToken) =>
        GetAsync<AuthorEngagementRates>(Query($"api/analytics/users/{userId}/engagement-rates?days={days}"), cancellationToken);
}

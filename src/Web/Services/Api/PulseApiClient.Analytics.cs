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
}

using Pulse.Contracts.Realtime;

namespace Pulse.Web.Services.Api;

public sealed partial class PulseApiClient
{
    /// <summary>The most posts <c>api/counters</c> answers for in one call.</summary>
    public const int MaxCounterPosts = 100;

    /// <summary><c>GET api/trending?window=decay&amp;limit=N</c>: the time-decayed trending board, best first.</summary>
    public Task<ApiResult<IReadOnlyList<TrendingPost>>> GetTrendingAsync(int limit, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<TrendingPost>>(Query($"api/trending?window=decay&limit={limit}"), cancellationToken);

    /// <summary><c>GET api/counters?postIds=1,2</c>: real-time counters of up to 100 posts (none asked, none fetched).</summary>
    public Task<ApiResult<IReadOnlyList<PostCounters>>> GetCountersAsync(IReadOnlyCollection<long> postIds, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(postIds.Count, MaxCounterPosts);
        return postIds.Count == 0
            ? Task.FromResult(ApiResult.Success<IReadOnlyList<PostCounters>>([]))
            : GetAsync<IReadOnlyList<PostCounters>>($"api/counters?postIds={string.Join(',', postIds.Select(id => id.ToString(Invariant)))}", cancellationToken);
    }

    /// <summary><c>GET api/realtime/activity?minutes=N</c>: events accepted per minute, events in 24 hours, active sessions.</summary>
    public Task<ApiResult<EventActivity>> GetActivityAsync(int minutes, CancellationToken cancellationToken) =>
        GetAsync<EventActivity>(Query($"api/realtime/activity?minutes={minutes}"), cancellationToken);
}

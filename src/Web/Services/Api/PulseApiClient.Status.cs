using Pulse.Contracts.Posts;
using Pulse.Contracts.Status;

namespace Pulse.Web.Services.Api;

public sealed partial class PulseApiClient
{
    /// <summary><c>GET api/status</c>: each store's answer to a probe.</summary>
    public Task<ApiResult<SystemStatus>> GetStatusAsync(CancellationToken cancellationToken) =>
        GetAsync<SystemStatus>("api/status", cancellationToken);

    /// <summary><c>GET api/posts/{id}</c>: a post with its author's handle (NotFound when there is none).</summary>
    public Task<ApiResult<PostResponse>> GetPostAsync(long postId, CancellationToken cancellationToken) =>
        GetAsync<PostResponse>(Query($"api/posts/{postId}"), cancellationToken);
}

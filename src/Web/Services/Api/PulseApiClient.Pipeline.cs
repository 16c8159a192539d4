using Pulse.Contracts.Pipeline;

namespace Pulse.Web.Services.Api;

public sealed partial class PulseApiClient
{
    /// <summary><c>GET api/admin/pipeline</c>: the event stream and each consumer group's lag.</summary>
    public Task<ApiResult<PipelineStatus>> GetPipelineAsync(CancellationToken cancellationToken) =>
        GetAsync<PipelineStatus>("api/admin/pipeline", cancellationToken);

    /// <summary><c>GET api/admin/dead-letters?limit</c>: the oldest dead letters (the Api allows 1 to 1,000).</summary>
    public Task<ApiResult<IReadOnlyList<DeadLetter>>> GetDeadLettersAsync(int limit, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<DeadLetter>>(Query($"api/admin/dead-letters?limit={limit}"), cancellationToken);

    /// <summary><c>POST api/admin/dead-letters/replay</c>: puts the dead letters (up to the Api's 1,000) back on the stream. Admins only (403 otherwise).</summary>
    public Task<ApiResult<DeadLettersReplayed>> ReplayDeadLettersAsync(CancellationToken cancellationToken) =>
        SendAsUserAsync<DeadLettersReplayed>(HttpMethod.Post, "api/admin/dead-letters/replay", eventStore: false, cancellationToken);
}

using Pulse.Contracts.Privacy;

namespace Pulse.Web.Services.Api;

public sealed partial class PulseApiClient
{
    /// <summary>
    /// <c>POST api/users/{userId}/erasure</c>: asks the Ingestor to erase or anonymise the person (an admin needs no password).
    /// 202 with the job; 409 while one runs for them, or when the other mode was done earlier (the problem's <c>jobId</c> names that job);
    /// 404 for a user who neither exists nor was erased. Never retried: a second request would only meet the first job.
    /// </summary>
    public Task<ApiResult<ErasureJobResponse>> RequestErasureAsync(long userId, string mode, CancellationToken cancellationToken) =>
        SendAsUserAsync<ErasureJobResponse>(HttpMethod.Post, Query($"api/users/{userId}/erasure"), eventStore: false, cancellationToken,
            new ErasureRequest(mode, Password: null));

    /// <summary><c>GET api/erasures?limit</c>: the newest erasure jobs first (the Api allows 1 to 200). Admins only.</summary>
    public Task<ApiResult<IReadOnlyList<ErasureJobResponse>>> GetErasureJobsAsync(int limit, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<ErasureJobResponse>>(Query($"api/erasures?limit={limit}"), cancellationToken);

    /// <summary><c>GET api/erasures/{jobId}</c>: one erasure job, its step and its receipt. Admins only.</summary>
    public Task<ApiResult<ErasureJobResponse>> GetErasureJobAsync(long jobId, CancellationToken cancellationToken) =>
        GetAsync<ErasureJobResponse>(Query($"api/erasures/{jobId}"), cancellationToken);
}

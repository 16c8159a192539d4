using System.Net;
using Pulse.Contracts.Security;

namespace Pulse.Web.Services.Api;

/// <summary>Signing in and out: the only calls that name a token of their own rather than the caller's.</summary>
public sealed partial class PulseApiClient
{
    /// <summary>
    /// <c>POST api/sessions</c>, anonymously: 201 with the new session; 401 for a wrong handle or
    /// password; 400 for a missing one; 429 with <see cref="ApiProblem.RetryAfter"/> when throttled.
    /// The browser's address goes along, so that the Api counts failed sign-ins per person's address,
    /// not one count for everyone who signs in through the Web.
    /// </summary>
    public Task<ApiResult<SessionCreated>> CreateSessionAsync(string? handle, string? password, IPAddress? browser, CancellationToken cancellationToken) =>
        SendAsync<SessionCreated>(HttpMethod.Post, "api/sessions", token: null, eventStore: false, cancellationToken,
            new CreateSessionRequest(handle, password), forwardedFor: browser);

    /// <summary><c>DELETE api/sessions/current</c> with <paramref name="token"/>: the session ends at once (204).</summary>
    public async Task<ApiResult<bool>> EndSessionAsync(string token, CancellationToken cancellationToken)
    {
        using var sent = await TrySendAsync(HttpMethod.Delete, "api/sessions/current", token, cancellationToken);
        if (sent.Problem is { } unreachable)
        {
            return ApiResult.Failure<bool>(unreachable);
        }
        return sent.Message!.IsSuccessStatusCode
            ? ApiResult.Success(true)
            : ApiResult.Failure<bool>(await ReadProblemAsync(sent.Message, eventStore: false, cancellationToken));
    }
}

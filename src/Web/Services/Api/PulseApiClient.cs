using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pulse.Contracts.Security;
using Pulse.Web.Security;

namespace Pulse.Web.Services.Api;

/// <summary>
/// The Web's typed client for the Pulse Api. Every call carries the signed-in person's session token
/// (<see cref="ApiCaller"/>) as <c>Authorization: Bearer</c>, so the Api decides what each person may
/// see; the Web holds no key of its own. Every call answers an <see cref="ApiResult{T}"/>: failures
/// (problem details, no answer, an unreadable body) come back as values the pages show, and only the
/// caller's own cancellation throws. A 401 to the person's token tells <see cref="ApiCaller"/> that
/// their session is over. One file per feature holds the calls.
/// </summary>
/// <remarks>
/// Transient and resolved in the circuit's (or request's) scope, so its <see cref="ApiCaller"/> is
/// that person's; the header is set on each request message, not by a handler (handlers live in a
/// scope of their own, which knows nobody).
/// </remarks>
public sealed partial class PulseApiClient(HttpClient http, InFlightReads reads, ApiCaller caller, ILogger<PulseApiClient> logger)
{
    // The Api writes System.Text.Json's web defaults (camelCase), enums as strings where the contract says so.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private const string ForwardedForHeader = "X-Forwarded-For";

    /// <summary>A read as the signed-in person, shared with their identical reads in flight (see <see cref="InFlightReads"/>).</summary>
    private async Task<ApiResult<T>> GetAsync<T>(string uri, CancellationToken cancellationToken, bool eventStore = false)
    {
        var user = await caller.GetUserAsync();
        var result = await reads.ShareAsync(user?.Token, uri,
            () => SendAsync<T>(HttpMethod.Get, uri, user?.Token, eventStore, CancellationToken.None), cancellationToken);
        return Checked(result, user);
    }

    /// <summary>A call as the signed-in person, never shared (a write, or a download).</summary>
    private async Task<ApiResult<T>> SendAsUserAsync<T>(HttpMethod method, string uri, bool eventStore, CancellationToken cancellationToken, object? body = null)
    {
        var user = await caller.GetUserAsync();
        return Checked(await SendAsync<T>(method, uri, user?.Token, eventStore, cancellationToken, body), user);
    }

    /// <summary>A 401 to a person's token means their session is over: the caller hears of it (in every circuit that shared the read).</summary>
    private ApiResult<T> Checked<T>(ApiResult<T> result, SignedInUser? user)
    {
        if (user is not null && result.Problem?.Kind == ApiProblemKind.SessionEnded)
        {
            caller.Refused(user);
        }
        return result;
    }

    private async Task<ApiResult<T>> SendAsync<T>(
        HttpMethod method, string uri, string? token, bool eventStore, CancellationToken cancellationToken, object? body = null, IPAddress? forwardedFor = null)
    {
        using var response = await TrySendAsync(method, uri, token, cancellationToken, body, forwardedFor);
        if (response.Problem is { } unreachable)
        {
            return ApiResult.Failure<T>(unreachable);
        }
        var message = response.Message!;
        if (!message.IsSuccessStatusCode)
        {
            return ApiResult.Failure<T>(await ReadProblemAsync(message, eventStore, cancellationToken));
        }
        try
        {
            return await message.Content.ReadFromJsonAsync<T>(Json, cancellationToken) is { } value
                ? ApiResult.Success<T>(value)
                : ApiResult.Failure<T>(new ApiProblem(ApiProblemKind.Failed, "The Api answered with an empty body.", Status: (int)message.StatusCode));
        }
        catch (Exception exception) when (IsFailure(exception, cancellationToken))
        {
            logger.LogWarning(exception, "The Api's answer to {Method} {Uri} could not be read", method, uri);
            return ApiResult.Failure<T>(new ApiProblem(ApiProblemKind.Failed, "The Api's answer could not be read.", exception.Message, (int)message.StatusCode));
        }
    }

    /// <summary>
    /// Sends a request with <paramref name="token"/> (none: anonymous) and <paramref name="body"/> as
    /// JSON, reading only the headers; an Api that does not answer becomes a problem.
    /// <paramref name="forwardedFor"/> names the browser's address for the Api, which honours it only
    /// where it trusts the Web as a proxy (<c>Pulse:Network</c>).
    /// </summary>
    private async Task<SentRequest> TrySendAsync(
        HttpMethod method, string uri, string? token, CancellationToken cancellationToken, object? body = null, IPAddress? forwardedFor = null)
    {
        try
        {
            using var request = new HttpRequestMessage(method, uri);
            if (forwardedFor is not null)
            {
                request.Headers.Add(ForwardedForHeader, forwardedFor.ToString());
            }
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue(AuthHeaders.BearerScheme, token);
            }
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, body.GetType(), options: Json);
            }
            return new SentRequest(await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken), null);
        }
        catch (Exception exception) when (IsFailure(exception, cancellationToken))
        {
            logger.LogWarning(exception, "{Method} {Uri} got no answer from the Api", method, uri);
            return new SentRequest(null, new ApiProblem(ApiProblemKind.Unreachable, "The Api did not answer.", exception.Message));
        }
    }

    /// <summary>Everything but the caller's own cancellation (a page closed) is a failure to show, not to throw.</summary>
    private static bool IsFailure(Exception exception, CancellationToken cancellationToken) =>
        !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, bool eventStore, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var kind = response.StatusCode switch
        {
            HttpStatusCode.BadRequest => ApiProblemKind.Invalid,
            HttpStatusCode.Unauthorized => ApiProblemKind.SessionEnded,
            HttpStatusCode.Forbidden => ApiProblemKind.Forbidden,
            HttpStatusCode.NotFound => ApiProblemKind.NotFound,
            HttpStatusCode.TooManyRequests => ApiProblemKind.RateLimited,
            HttpStatusCode.ServiceUnavailable => ApiProblemKind.StoreUnavailable,
            _ => ApiProblemKind.Failed,
        };
        var details = await TryReadProblemDetailsAsync(response, cancellationToken);
        if (kind == ApiProblemKind.StoreUnavailable && eventStore && !NamesAnotherStore(details?.Title))
        {
            kind = ApiProblemKind.EventStoreUnavailable;
        }
        logger.LogInformation("{Method} {Uri} answered {Status}: {Title}", response.RequestMessage?.Method, response.RequestMessage?.RequestUri, status, details?.Title);
        return new ApiProblem(kind, details?.Title ?? DefaultTitle(kind, status), details?.Detail, status, details?.Errors, RetryAfter(response), details?.Extensions);
    }

    /// <summary>The Api's <c>Retry-After</c>, as seconds or as a date.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static async Task<ProblemBody?> TryReadProblemDetailsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return null;
        }
        try
        {
            return await response.Content.ReadFromJsonAsync<ProblemBody>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// An event-analytics 503 is about the event store unless its title names PostgreSQL or Redis
    /// (the Api's store-outage problems say "{store} is unavailable").
    /// </summary>
    private static bool NamesAnotherStore(string? title) =>
        title is not null
        && (title.StartsWith("PostgreSQL", StringComparison.OrdinalIgnoreCase) || title.StartsWith("Redis", StringComparison.OrdinalIgnoreCase));

    private static string DefaultTitle(ApiProblemKind kind, int status) => kind switch
    {
        ApiProblemKind.Invalid => "The Api refused the request.",
        ApiProblemKind.SessionEnded => "Your session has ended.",
        ApiProblemKind.Forbidden => "Your role may not do this.",
        ApiProblemKind.NotFound => "The Api has no such thing.",
        ApiProblemKind.RateLimited => "Too many requests; try again shortly.",
        ApiProblemKind.EventStoreUnavailable => "The event store is unavailable.",
        ApiProblemKind.StoreUnavailable => "A store the Api needs is unavailable.",
        _ => $"The Api failed ({status}).",
    };

    private static string Query(FormattableString query) => query.ToString(Invariant);

    private sealed class ProblemBody
    {
        [JsonPropertyName("title")]
        public string? Title { get; init; }

        [JsonPropertyName("detail")]
        public string? Detail { get; init; }

        [JsonPropertyName("errors")]
        public Dictionary<string, string[]>? Errors { get; init; }

        /// <summary>The members the Api added to the problem (a conflicting job's <c>jobId</c>, say).</summary>
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Extensions { get; init; }
    }

    private readonly record struct SentRequest(HttpResponseMessage? Message, ApiProblem? Problem) : IDisposable
    {
        public void Dispose() => Message?.Dispose();
    }
}

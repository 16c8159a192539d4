using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.Web.Services.Api;

/// <summary>
/// The Web's typed client for the Pulse Api. Every call answers an <see cref="ApiResult{T}"/>:
/// failures (problem details, no answer, an unreadable body) come back as values the pages show,
/// and only the caller's own cancellation throws. One file per feature holds the calls.
/// </summary>
public sealed partial class PulseApiClient(HttpClient http, InFlightReads reads, ILogger<PulseApiClient> logger)
{
    // The Api writes System.Text.Json's web defaults (camelCase), enums as strings where the contract says so.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A read, shared with identical reads in flight (see <see cref="InFlightReads"/>).</summary>
    private Task<ApiResult<T>> GetAsync<T>(string uri, CancellationToken cancellationToken, bool eventStore = false) =>
        reads.ShareAsync(uri, () => SendAsync<T>(HttpMethod.Get, uri, eventStore, CancellationToken.None), cancellationToken);

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string uri, bool eventStore, CancellationToken cancellationToken)
    {
        using var response = await TrySendAsync(method, uri, cancellationToken);
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

    /// <summary>Sends a request, reading only the headers; an Api that does not answer becomes a problem.</summary>
    private async Task<SentRequest> TrySendAsync(HttpMethod method, string uri, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(method, uri);
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
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ApiProblemKind.Forbidden,
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
        return new ApiProblem(kind, details?.Title ?? DefaultTitle(kind, status), details?.Detail, status, details?.Errors);
    }

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
        ApiProblemKind.Forbidden => "The Api refused the Web's key.",
        ApiProblemKind.NotFound => "The Api has no such thing.",
        ApiProblemKind.RateLimited => "Too many requests; try again shortly.",
        ApiProblemKind.EventStoreUnavailable => "The event store is unavailable.",
        ApiProblemKind.StoreUnavailable => "A store the Api needs is unavailable.",
        _ => $"The Api failed ({status}).",
    };

    private static string Query(FormattableString query) => query.ToString(Invariant);

    private sealed record ProblemBody(
        [property: JsonPropertyName("title")] string? Title,
        [property: JsonPropertyName("detail")] string? Detail,
        [property: JsonPropertyName("errors")] Dictionary<string, string[]>? Errors);

    private readonly record struct SentRequest(HttpResponseMessage? Message, ApiProblem? Problem) : IDisposable
    {
        public void Dispose() => Message?.Dispose();
    }
}

using System.Text.Json;

namespace Pulse.Web.Services.Api;

/// <summary>What kind of failure an Api call ended in; the pages word each kind differently.</summary>
public enum ApiProblemKind
{
    /// <summary>No answer: the Api is down, unreachable or too slow.</summary>
    Unreachable,

    /// <summary>400: the Api refused the request's parameters.</summary>
    Invalid,

    /// <summary>401: the person's session is over (expired, revoked, signed out elsewhere), or there is none.</summary>
    SessionEnded,

    /// <summary>403: the person's role may not do this.</summary>
    Forbidden,

    /// <summary>404: no such thing (or, for a new route, an Api that does not have it yet).</summary>
    NotFound,

    /// <summary>429: the caller used up a rate limit, or sign-in is throttled (see <see cref="ApiProblem.RetryAfter"/>).</summary>
    RateLimited,

    /// <summary>503 from the event-analytics endpoints: there is no MongoDB, or it does not answer.</summary>
    EventStoreUnavailable,

    /// <summary>Any other 503: a store the Api needs (PostgreSQL, Redis) is out of reach for a while.</summary>
    StoreUnavailable,

    /// <summary>Any other 5xx, or an answer the Web cannot read.</summary>
    Failed,
}

/// <summary>
/// A failed Api call as the pages show it: the Api's problem details where it sent them (title and
/// detail, and the field errors of a validation problem), otherwise a sentence the Web wrote;
/// <see cref="RetryAfter"/> is the Api's <c>Retry-After</c>, when it sent one; <see cref="Extensions"/>
/// the problem's other members (beyond type, title, status, detail, instance and errors).
/// </summary>
public sealed record ApiProblem(
    ApiProblemKind Kind,
    string Title,
    string? Detail = null,
    int? Status = null,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    TimeSpan? RetryAfter = null,
    IReadOnlyDictionary<string, JsonElement>? Extensions = null)
{
    /// <summary>The whole number the Api put in the problem as <paramref name="name"/>, if it did.</summary>
    public long? Int64Extension(string name) =>
        Extensions is not null && Extensions.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : null;
}

using System.Globalization;

namespace Pulse.Api.RateLimits;

/// <summary>
/// The <c>RateLimit-*</c> headers (IETF httpapi draft) every limit in Pulse answers with, whether it
/// counts requests (the rate limiter) or events (the event budget).
/// </summary>
public static class RateLimitHeaders
{
    /// <param name="resetSeconds">Seconds until the allowance is whole again; sent as at least 1.</param>
    /// <param name="policy">The <c>RateLimit-Policy</c> value, when there is one to state.</param>
    public static void Write(HttpResponse response, long? limit, long remaining, int resetSeconds, string? policy = null)
    {
        if (limit is { } value)
        {
            response.Headers["RateLimit-Limit"] = value.ToString(CultureInfo.InvariantCulture);
        }
        response.Headers["RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Reset"] = AtLeastOne(resetSeconds);
        if (policy is not null)
        {
            response.Headers["RateLimit-Policy"] = policy;
        }
    }

    /// <summary>Whole seconds, rounded up, at least 1: what <c>Retry-After</c> and <c>RateLimit-Reset</c> carry.</summary>
    public static int Seconds(TimeSpan time) => Math.Max(1, (int)Math.Ceiling(time.TotalSeconds));

    private static string AtLeastOne(int seconds) => Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture);
}

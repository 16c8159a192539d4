using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Pulse.Api.Security;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Pulse.Api.RateLimits;

/// <summary>
/// ASP.NET Core's rate limiter with RedisRateLimiting's fixed-window limiters (counted by a Redis
/// script, so every replica shares the count), partitioned by caller. A refusal is 429 problem
/// details with Retry-After and RateLimit-* headers.
/// </summary>
public static class RateLimitingExtensions
{
    public static IHostApplicationBuilder AddPulseRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>, IServiceProvider>((limiter, limits, services) =>
        {
            foreach (var policy in RateLimitPolicies.All)
            {
                var limit = limits.Value.For(policy);
                limiter.AddPolicy(policy, context => RedisRateLimitPartition.GetFixedWindowRateLimiter(
                    $"pulse:ratelimit:{policy}:{Caller(context)}",
                    _ => new RedisFixedWindowRateLimiterOptions
                    {
                        ConnectionMultiplexerFactory = services.GetRequiredService<IConnectionMultiplexer>,
                        PermitLimit = limit.PermitLimit,
                        Window = TimeSpan.FromSeconds(limit.WindowSeconds),
                    }));
            }
            limiter.OnRejected = WriteRejectionAsync;
        });

        return builder;
    }

    /// <summary>Who a request counts against: its API key, its signed-in user, or its client IP.</summary>
    internal static string Caller(HttpContext context) =>
        context.User.FindFirstValue(PulseAuth.KeyIdClaim) is { } keyId ? $"key:{keyId}"
        : context.User.UserId() is { } userId ? $"user:{userId.ToString(CultureInfo.InvariantCulture)}"
        : $"ip:{context.Connection.RemoteIpAddress}";

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        var lease = rejected.Lease;
        var retryAfter = lease.TryGetMetadata(RateLimitMetadataName.RetryAfter.Name, out var seconds) ? Convert.ToInt32(seconds, CultureInfo.InvariantCulture) : 1;
        retryAfter = Math.Max(retryAfter, 1);

        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        if (lease.TryGetMetadata(RateLimitMetadataName.Limit.Name, out var limit))
        {
            response.Headers["RateLimit-Limit"] = Convert.ToString(limit, CultureInfo.InvariantCulture);
        }
        response.Headers["RateLimit-Remaining"] = "0";
        response.Headers["RateLimit-Reset"] = retryAfter.ToString(CultureInfo.InvariantCulture);

        await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = rejected.HttpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Try again in {retryAfter} s.",
            },
        });
    }
}

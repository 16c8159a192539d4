using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Pulse.Api.Network;
using Pulse.Api.Security;
using Pulse.Contracts;
using Pulse.Contracts.Security;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Pulse.Api.RateLimits;

/// <summary>
/// ASP.NET Core's rate limiter with RedisRateLimiting's fixed-window limiters (counted by a Redis
/// script, so every replica shares the count): one per client address in front of everything, and
/// the route's policy per caller. It runs before authentication, so a request whose credentials
/// fail is counted like any other; it therefore partitions by what a request presents, never by
/// what authentication would make of it. A refusal is 429 problem details with Retry-After and
/// RateLimit-* headers.
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
                limiter.AddPolicy(policy, context => FixedWindow(RedisKeys.RateLimits.Policy(policy, Caller(context)), limit, services));
            }
            var perAddress = limits.Value.PerIp;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                // Liveness must not depend on Redis: a Redis outage would have every replica restarted.
                context.Request.Path.StartsWithSegments(Microsoft.Extensions.Hosting.Extensions.AlivenessEndpointPath)
                    ? RateLimitPartition.GetNoLimiter("alive")
                    : FixedWindow(RedisKeys.RateLimits.Address(ClientAddress.Of(context)), perAddress, services));
            limiter.OnRejected = WriteRejectionAsync;
        });

        return builder;
    }

    private static RateLimitPartition<string> FixedWindow(string partition, PolicyLimit limit, IServiceProvider services) =>
        RedisRateLimitPartition.GetFixedWindowRateLimiter(partition, _ => new RedisFixedWindowRateLimiterOptions
        {
            ConnectionMultiplexerFactory = services.GetRequiredService<IConnectionMultiplexer>,
            PermitLimit = limit.PermitLimit,
            Window = TimeSpan.FromSeconds(limit.WindowSeconds),
        });

    /// <summary>
    /// Who a request counts against, before anyone checked its credentials: the SHA-256 of the API
    /// key or session token it presents (the same credential always counts against one allowance,
    /// so retrying a wrong one is limited too), or its client address. A made-up credential gets an
    /// allowance of its own here, and none from the per-address limiter in front.
    /// </summary>
    internal static string Caller(HttpContext context)
    {
        var key = context.Request.Headers[AuthHeaders.ApiKey].ToString().Trim();
        if (key.Length > 0)
        {
            return "key:" + Secrets.HashHex(key);
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith(AuthHeaders.BearerScheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization[(AuthHeaders.BearerScheme.Length + 1)..].Trim();
            if (token.Length > 0)
            {
                return "token:" + Secrets.HashHex(token);
            }
        }
        return "address:" + ClientAddress.Of(context);
    }

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        var lease = rejected.Lease;
        var retryAfter = lease.TryGetMetadata(RateLimitMetadataName.RetryAfter.Name, out var seconds) ? Convert.ToInt32(seconds, CultureInfo.InvariantCulture) : 1;
        retryAfter = Math.Max(retryAfter, 1);

        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        var limit = lease.TryGetMetadata(RateLimitMetadataName.Limit.Name, out var permits) ? Convert.ToInt64(permits, CultureInfo.InvariantCulture) : (long?)null;
        RateLimitHeaders.Write(response, limit, remaining: 0, retryAfter);

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

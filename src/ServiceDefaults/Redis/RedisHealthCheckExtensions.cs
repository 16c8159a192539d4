using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class RedisHealthCheckExtensions
{
    /// <summary>The name Aspire gives its Redis check, kept so probes and dashboards that read it by name still find it.</summary>
    public const string HealthCheckName = Pulse.ServiceDefaults.StoreHealthChecks.Redis;

    /// <summary>
    /// Registers <see cref="RedisPrimariesHealthCheck"/> (works on a Redis Cluster without admin
    /// mode) for the <see cref="IConnectionMultiplexer"/> that <c>AddRedisClient</c> registered.
    /// Call <c>AddRedisClient</c> with <c>DisableHealthChecks = true</c>: Aspire's check has the
    /// same name, and the health service refuses two checks of one name.
    /// </summary>
    public static IHostApplicationBuilder AddRedisPrimariesHealthCheck(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            HealthCheckName,
            services => new RedisPrimariesHealthCheck(services.GetRequiredService<IConnectionMultiplexer>()),
            failureStatus: HealthStatus.Unhealthy,
            tags: null));
        return builder;
    }
}

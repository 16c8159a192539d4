using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

public static class DegradedStoreExtensions
{
    /// <summary>
    /// Says that the service still does its main work while the stores behind
    /// <paramref name="healthChecks"/> do not answer: their checks then report Degraded, which
    /// <c>/health</c> answers with 200, instead of Unhealthy (503). A readiness probe on
    /// <c>/health</c> would otherwise take every replica out of service at once for an outage of a
    /// store they share, refusing the work they could still do.
    /// </summary>
    /// <remarks>A check switched off in configuration is simply not there to change.</remarks>
    public static TBuilder ServesDegradedWithout<TBuilder>(this TBuilder builder, params string[] healthChecks) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(registration => healthChecks.Contains(registration.Name, StringComparer.Ordinal)))
            {
                registration.FailureStatus = HealthStatus.Degraded;
            }
        });
        return builder;
    }
}

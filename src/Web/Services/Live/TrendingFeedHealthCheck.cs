using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pulse.Web.Services.Live;

/// <summary>
/// Says whether trending changes reach the pages. Never unhealthy: without Redis the Web still serves
/// every page (they just stop moving by themselves), so the most it reports is degraded, which
/// <c>/health</c> answers with 200.
/// </summary>
public sealed class TrendingFeedHealthCheck(ITrendingFeed feed) : IHealthCheck
{
    public const string Name = "trending-feed";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(feed.IsLive
            ? HealthCheckResult.Healthy("Subscribed to the trending channel.")
            : HealthCheckResult.Degraded("Not subscribed to the trending channel (Redis unreachable?): pages work, without live updates."));
}

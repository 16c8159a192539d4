using Microsoft.AspNetCore.Http.HttpResults;
using Pulse.Api.Status;
using Pulse.Contracts.Status;
using Pulse.Api.RateLimits;

namespace Pulse.Api.Apis;

public static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/status")
            .WithTags("Status").RequireRateLimiting(RateLimitPolicies.Default)
            .AllowAnonymous()
            .MapGet("", GetStatus)
            .WithName(nameof(GetStatus))
            .WithSummary("Reachability and latency of every store")
            .WithDescription("PostgreSQL answers `select 1`, Redis `PING`, MongoDB `ping`; a store this deployment has no connection for is reported as unavailable.");

        return app;
    }

    public static async Task<Ok<SystemStatus>> GetStatus(StatusReporter reporter, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reporter.CheckAsync(cancellationToken));
}

using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Pulse.Api.Security;
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
            .WithDescription("PostgreSQL answers `select 1`, Redis `PING`, MongoDB `ping`; a store this deployment has no connection for is reported as unavailable. Why a store is down (which can name hosts and ports) is told to admins only.");

        return app;
    }

    public static async Task<Ok<SystemStatus>> GetStatus(StatusReporter reporter, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var status = await reporter.CheckAsync(cancellationToken);
        return TypedResults.Ok(caller.IsAdmin() ? status : status with { Stores = [.. status.Stores.Select(store => store with { Detail = null })] });
    }
}

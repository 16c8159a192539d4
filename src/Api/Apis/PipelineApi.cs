using Microsoft.AspNetCore.Http.HttpResults;
using Pulse.Api.Audit;
using Pulse.Api.Problems;
using Pulse.Api.RateLimits;
using Pulse.Api.Security;
using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using Pulse.Contracts.Security;
using Pulse.Data;
using Pulse.Pipeline;

namespace Pulse.Api.Apis;

/// <summary>Operating the event pipeline: how far behind each consumer group is, and the dead letters.</summary>
public static class PipelineApi
{
    public const int MaxDeadLetters = 1_000;

    public static IEndpointRouteBuilder MapPipelineApi(this IEndpointRouteBuilder app)
    {
        var pipeline = app.MapGroup("api/admin").WithTags("Pipeline").RequireAuthorization(PulseAuth.AnalystPolicy).RequireRateLimiting(RateLimitPolicies.Default);

        pipeline.MapGet("pipeline", GetPipelineStatus)
            .WithName(nameof(GetPipelineStatus))
            .WithSummary("Lag, pending entries, consumers and dead letters per consumer group")
            .WithDescription("A group is active when the Ingestor runs it; only active groups hold back trimming and count toward the backlog cap.");
        pipeline.MapGet("dead-letters", ListDeadLetters)
            .WithName(nameof(ListDeadLetters))
            .WithSummary("The oldest dead letters, with the error that sent each there");
        pipeline.MapPost("dead-letters/replay", ReplayDeadLetters)
            .RequireAuthorization(PulseAuth.AdminPolicy)
            .WithName(nameof(ReplayDeadLetters))
            .WithSummary("Put dead letters back on the event stream once their cause is fixed")
            .WithDescription("Oldest first, up to `limit` (default and most: 1,000). Each goes back to the group that failed it only. One replay at a time: 409 while another runs. Admins only; recorded in the audit log.");
        return app;
    }

    public static async Task<Ok<PipelineStatus>> GetPipelineStatus(StreamInspector inspector, CancellationToken cancellationToken) =>
        TypedResults.Ok(await inspector.InspectAsync(EventStreamNames.Key, cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<DeadLetter>>, ValidationProblem>> ListDeadLetters(DeadLetters deadLetters, int? limit = null)
    {
        var errors = new ValidationErrors();
        errors.InRange("limit", limit ?? 100, 1, MaxDeadLetters);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        return TypedResults.Ok(await deadLetters.ListAsync(limit ?? 100));
    }

    public static async Task<Results<Ok<DeadLettersReplayed>, ValidationProblem, ProblemHttpResult>> ReplayDeadLetters(
        DeadLetters deadLetters, PulseDbContext db, AuditTrail audit, HttpContext context, CancellationToken cancellationToken, int? limit = null)
    {
        var errors = new ValidationErrors();
        errors.InRange("limit", limit ?? MaxDeadLetters, 1, MaxDeadLetters);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        DeadLettersReplayed replayed;
        try
        {
            replayed = await deadLetters.ReplayAsync(EventStreamNames.Key, limit ?? MaxDeadLetters);
        }
        catch (ReplayInProgressException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A replay is running",
                detail: "Another replay of the dead letters is running; nothing was replayed. Try again once it is done.");
        }
        await audit.RecordAsync(db, context, AuditActions.DeadLettersReplayed, EventStreamNames.Key, ReplayDetail(replayed), cancellationToken);
        return TypedResults.Ok(replayed);
    }

    private static string ReplayDetail(DeadLettersReplayed replayed) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{replayed.Replayed} replayed, {replayed.Remaining} remaining");
}

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
            .WithDescription("Every group that is not retired holds back trimming, whether or not a replica serves it now; `holdsBackTrimming` names the group whose oldest unacknowledged entry keeps the stream long. Paused and retired groups carry who decided, when and why.");
        var groups = pipeline.MapGroup("pipeline/groups/{group}").RequireAuthorization(PulseAuth.AdminPolicy);
        groups.MapPost("pause", PauseGroup)
            .WithName(nameof(PauseGroup))
            .WithSummary("Stop every replica reading a consumer group until it is resumed")
            .WithDescription("Its entries wait in the stream and hold back trimming (up to the backlog cap). Takes effect within `Pulse:Ingestor:DecisionRefreshMs` (1 s), after the batch in flight. 409 for a retired group. Admins only; recorded in the audit log.");
        groups.MapPost("resume", ResumeGroup)
            .WithName(nameof(ResumeGroup))
            .WithSummary("Let replicas read a paused or retired consumer group again")
            .WithDescription("A paused group reads on from where it stopped; a retired one is recreated from the oldest entry the stream still holds. Admins only; recorded in the audit log.");
        groups.MapPost("retire", RetireGroup)
            .WithName(nameof(RetireGroup))
            .WithSummary("Give a consumer group up: no replica reads it and it holds back nothing")
            .WithDescription("The group is removed from the stream with its pending entries; entries trimmed from then on never reach its store. Its dead letters stay, and are not replayed while it is retired. Admins only; recorded in the audit log.");
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

    public static Task<Results<Ok<GroupStateChanged>, ValidationProblem, ProblemHttpResult>> PauseGroup(
        string group, GroupDecisionRequest? request, ConsumerGroupControl control, PulseDbContext db, AuditTrail audit, HttpContext context, CancellationToken cancellationToken) =>
        DecideAsync(group, request, AuditActions.GroupPaused, db, audit, context,
            reason => control.PauseAsync(EventStreamNames.Key, group, reason, context.User.AuditName()), cancellationToken);

    public static Task<Results<Ok<GroupStateChanged>, ValidationProblem, ProblemHttpResult>> ResumeGroup(
        string group, GroupDecisionRequest? request, ConsumerGroupControl control, PulseDbContext db, AuditTrail audit, HttpContext context, CancellationToken cancellationToken) =>
        DecideAsync(group, request, AuditActions.GroupResumed, db, audit, context,
            _ => control.ResumeAsync(EventStreamNames.Key, group), cancellationToken);

    public static Task<Results<Ok<GroupStateChanged>, ValidationProblem, ProblemHttpResult>> RetireGroup(
        string group, GroupDecisionRequest? request, ConsumerGroupControl control, PulseDbContext db, AuditTrail audit, HttpContext context, CancellationToken cancellationToken) =>
        DecideAsync(group, request, AuditActions.GroupRetired, db, audit, context,
            reason => control.RetireAsync(EventStreamNames.Key, group, reason, context.User.AuditName()), cancellationToken);

    private static async Task<Results<Ok<GroupStateChanged>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        string group, GroupDecisionRequest? request, string action, PulseDbContext db, AuditTrail audit, HttpContext context,
        Func<string?, Task<GroupStateChanged>> decide, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (request?.Reason is { Length: > ConsumerGroupControl.MaxReasonLength })
        {
            errors.Add("reason", $"At most {ConsumerGroupControl.MaxReasonLength} characters.");
        }
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        GroupStateChanged changed;
        try
        {
            changed = await decide(request?.Reason);
        }
        catch (UnknownConsumerGroupException exception)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such consumer group", detail: exception.Message);
        }
        catch (ConsumerGroupStateConflictException exception)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not in a state for that", detail: exception.Message);
        }
        await audit.RecordAsync(db, context, action, $"group:{group}", ConsumerGroupControl.AuditDetail(changed, request?.Reason), cancellationToken);
        return TypedResults.Ok(changed);
    }

    private static string ReplayDetail(DeadLettersReplayed replayed) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{replayed.Replayed} replayed, {replayed.Remaining} remaining")
        + (replayed.Skipped > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", {replayed.Skipped} skipped (no event, or retired group)") : "");
}

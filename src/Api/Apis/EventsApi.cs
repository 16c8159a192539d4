using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Pulse.Api.Events;
using Pulse.Api.Problems;
using Pulse.Api.RateLimits;
using Pulse.Api.Realtime;
using Pulse.Api.Security;
using Pulse.Contracts.Events;
using Npgsql;
using StackExchange.Redis;

namespace Pulse.Api.Apis;

/// <summary>The front door of the event pipeline: batches of user actions, accepted whole or not at all.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("api/events", IngestEvents)
            .WithTags("Events")
            .RequireAuthorization(PulseAuth.IngestPolicy)
            .RequireRateLimiting(RateLimitPolicies.Ingest)
            .Accepts<IngestRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName(nameof(IngestEvents))
            .WithSummary("Ingest a batch of 1 to 1,000 events")
            .WithDescription(
                "With an `ingest` (or `admin`) API key every event names its `userId`; with a session bearer token the events are the session user's. " +
                "The batch is accepted whole (202, with how many ids were resends) or refused whole: 400 lists each bad event's index, field and reason; " +
                "422 names unknown users or posts; 413 over 1 MiB; 415 not JSON; " +
                "429 when the caller is over its event budget (events per minute: RateLimit-* headers count events, on 202 too) or holds its share of the pipeline's backlog; 503 when the pipeline is over its backlog cap (nothing was accepted) or Redis did not answer (the outcome is unknown: resend with the same ids or Idempotency-Key). " +
                "A client that sends no event ids should send an `Idempotency-Key` header: the ids minted for the batch derive from it, so a retry is never counted twice.");
        return app;
    }

    public static async Task<Results<Accepted<IngestAccepted>, ValidationProblem, ProblemHttpResult>> IngestEvents(
        HttpContext context, ClaimsPrincipal caller, EventIngestion ingestion, EventBudgets budgets, IngestMetrics metrics, IOptions<IngestOptions> options,
        CancellationToken cancellationToken)
    {
        var (request, problem, detail) = await IngestBody.ReadAsync(context.Request, cancellationToken);
        switch (problem)
        {
            case BodyProblem.NotJson:
                metrics.Reject("not_json", caller);
                return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The body must be JSON", detail: detail);
            case BodyProblem.TooLarge:
                metrics.Reject("too_large", caller);
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The body is too large", detail: detail);
            case BodyProblem.Malformed:
                metrics.Reject("invalid", caller);
                var malformed = new ValidationErrors();
                malformed.Add("body", detail!);
                return TypedResults.ValidationProblem(malformed.ToDictionary(), title: "The body is not a valid ingest request");
        }

        // A session (not an API key) posts as its own user.
        var sessionUserId = caller.IsAdmin() ? null : caller.UserId();
        IdempotencyKey? idempotency = null;
        if (context.Request.Headers[IdempotencyKey.Header].ToString() is { Length: > 0 } header)
        {
            // Scoped to the caller: one caller's key never mints another caller's ids.
            idempotency = IdempotencyKey.Parse(EventBudgets.CallerName(caller), header, out var invalid);
            if (invalid is not null)
            {
                metrics.Reject("invalid", caller);
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [IdempotencyKey.Header] = [invalid] });
            }
        }
        var budget = budgets.For(caller);
        IngestOutcome outcome;
        try
        {
            outcome = await ingestion.IngestAsync(request!, sessionUserId, budget, idempotency, cancellationToken);
        }
        catch (EventBudgetExceededException exception)
        {
            metrics.Reject("budget", caller);
            var retryAfter = RateLimitHeaders.Seconds(exception.RetryAfter);
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            WriteBudgetHeaders(context.Response, budget, exception.Left);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Over this caller's event budget",
                detail: $"This caller may send {budget.EventsPerMinute} events a minute and has {exception.Left} left now; " +
                    $"this batch fits in {retryAfter} s. Nothing was accepted.");
        }
        catch (BacklogShareExceededException exception)
        {
            metrics.Reject("backlog_share", caller);
            context.Response.Headers.RetryAfter = options.Value.BacklogRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Over this caller's share of the pipeline's backlog",
                detail: $"The pipeline is behind and {exception.Held} of this caller's events wait in it, of the {exception.Most} one caller may have waiting; " +
                    "others' events still go through. Nothing was accepted; retry later.");
        }
        catch (StreamBacklogException exception)
        {
            metrics.Reject("backlog", caller);
            context.Response.Headers.RetryAfter = options.Value.BacklogRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The pipeline is behind; retry later",
                detail: $"Nothing was accepted: {exception.Message}.");
        }
        catch (NpgsqlException exception) when (exception.IsTransient)
        {
            // Only ids not remembered as existing need PostgreSQL; while it is down those batches wait.
            metrics.Reject("postgres_unavailable", caller);
            context.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The referenced users and posts cannot be checked now; retry",
                detail: "PostgreSQL is unavailable. Nothing was accepted; retrying the same batch is safe.");
        }
        catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException)
        {
            metrics.Reject("redis_unavailable", caller);
            context.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Redis cannot take the batch; retry",
                detail: "The outcome is unknown: the batch may have been accepted. Resending it with the same event ids, or with the same " +
                    "Idempotency-Key, is safe (what was counted is recognised as a resend); without either, its events may be counted twice.");
        }

        switch (outcome)
        {
            case IngestOutcome.Accepted accepted:
                if (accepted.BudgetLeft is { } left)
                {
                    WriteBudgetHeaders(context.Response, budget, left);
                }
                return TypedResults.Accepted((string?)null, new IngestAccepted(accepted.New, accepted.Duplicates));
            case IngestOutcome.Invalid invalid:
                metrics.Reject("invalid", caller);
                var errors = new ValidationErrors();
                foreach (var error in invalid.Errors)
                {
                    errors.Add(error.Index < 0 ? error.Field : $"events[{error.Index}].{error.Field}", error.Reason);
                }
                return TypedResults.ValidationProblem(errors.ToDictionary(), title: "Some events are invalid; none was accepted");
            case IngestOutcome.UnknownReferences unknown:
                metrics.Reject("unknown_reference", caller);
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Some events refer to users or posts that do not exist; none was accepted",
                    detail: string.Join("; ", unknown.Missing.Take(20).Select(missing => $"events[{missing.Index}].{missing.Field}: no such id {missing.Id}")),
                    extensions: new Dictionary<string, object?> { ["missing"] = unknown.Missing });
            default:
                throw new InvalidOperationException($"Unexpected ingest outcome {outcome.GetType().Name}.");
        }
    }

    /// <summary>RateLimit-* headers counted in events: the budget, what is left now, and the seconds until it is whole again.</summary>
    private static void WriteBudgetHeaders(HttpResponse response, CallerBudget budget, int left) =>
        RateLimitHeaders.Write(response, budget.EventsPerMinute, left,
            RateLimitHeaders.Seconds(TimeSpan.FromMinutes((double)(budget.EventsPerMinute - left) / budget.EventsPerMinute)),
            policy: $"{budget.EventsPerMinute.ToString(CultureInfo.InvariantCulture)};w=60");
}

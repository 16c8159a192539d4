using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pulse.Api.Audit;
using Pulse.Api.Network;
using Pulse.Api.Problems;
using Pulse.Api.RateLimits;
using Pulse.Api.Security;
using Pulse.Api.Security.SignIn;
using Pulse.Contracts.Privacy;
using Pulse.Contracts.Security;
using Pulse.Data;
using Pulse.Data.Entities;

namespace Pulse.Api.Apis;

/// <summary>
/// Erasing or anonymising a person: an admin for anyone, or a person for themselves with their
/// password. The Ingestor runs the job; its state and receipt are read here.
/// </summary>
public static class ErasureApi
{
    public const int DefaultListSize = 50;
    public const int MaxListSize = 200;

    public static IEndpointRouteBuilder MapErasureApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("api/users/{id:long}/erasure", RequestErasure)
            .WithTags("Privacy")
            .RequireAuthorization(PulseAuth.MemberOrAdminPolicy)
            .RequireRateLimiting(RateLimitPolicies.SignIn)
            .WithName(nameof(RequestErasure))
            .WithSummary("Erase or anonymise a person everywhere Pulse keeps them")
            .WithDescription(
                "mode=erase deletes the person's account, posts and raw events in every store, the stream and the dead letters; what they did to " +
                "other people's posts stays in those posts' totals as anonymous counts. mode=anonymise keeps every event and figure under a salted-hash " +
                "pseudonym and removes the account. An admin may ask for anyone (again for an erased id, to sweep it once more); a person for " +
                "themselves, with their password. 202 with the job, which the Ingestor runs (GET /api/erasures/{jobId}); 409 while one runs for them. " +
                "Recorded in the audit log, with the receipt once done.");

        var jobs = app.MapGroup("api/erasures").WithTags("Privacy").RequireAuthorization(PulseAuth.AdminPolicy).RequireRateLimiting(RateLimitPolicies.Default);
        jobs.MapGet("{jobId:long}", GetErasureJob)
            .WithName(nameof(GetErasureJob))
            .WithSummary("An erasure job: its step, what it waits for, and its receipt per store");
        jobs.MapGet("", ListErasureJobs)
            .WithName(nameof(ListErasureJobs))
            .WithSummary("The newest erasure jobs first")
            .WithDescription($"limit 1-{MaxListSize}, default {DefaultListSize}.");
        return app;
    }

    public static async Task<Results<Accepted<ErasureJobResponse>, ValidationProblem, ProblemHttpResult>> RequestErasure(
        long id, ErasureRequest request, PulseDbContext db, IPasswordHasher<User> hasher, SignInThrottle throttle, AuditTrail audit,
        HttpContext context, TimeProvider time, CancellationToken cancellationToken)
    {
        var mode = request.Mode?.Trim().ToLowerInvariant();
        if (mode is null || !ErasureModes.All.Contains(mode))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["mode"] = [$"Use one of: {string.Join(", ", ErasureModes.All)}."] });
        }
        var caller = context.User;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (!caller.IsAdmin())
        {
            if (caller.UserId() != id || user is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only for yourself",
                    detail: "A person may ask to erase or anonymise themselves; an admin may ask for anyone.");
            }
            if (await PasswordProblemAsync(user, request.Password, hasher, throttle, context) is { } problem)
            {
                return problem;
            }
        }

        var earlier = await db.ErasureJobs.AsNoTracking().Where(job => job.UserId == id).OrderByDescending(job => job.Id).FirstOrDefaultAsync(cancellationToken);
        if (earlier is { State: not ErasureStates.Completed })
        {
            return InProgress(earlier);
        }
        if (user is null && earlier is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such user", detail: $"There is no user {id}, and none was erased.");
        }
        if (earlier is not null && earlier.Mode != mode)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Already {Done(earlier.Mode)}",
                detail: $"User {id} was {Done(earlier.Mode)} by job {earlier.Id}; their data is no longer linked to them, so it cannot be {Done(mode)} now.",
                extensions: new Dictionary<string, object?> { ["jobId"] = earlier.Id });
        }

        var requested = new ErasureJob
        {
            UserId = id,
            Mode = mode,
            State = ErasureStates.Pending,
            // Never the handle: the audit log keeps this after the person is gone.
            RequestedBy = caller.UserId() == id ? $"user:{id.ToString(CultureInfo.InvariantCulture)} (self)" : caller.AuditName(),
            RequestedAt = time.GetUtcNow(),
        };
        db.ErasureJobs.Add(requested);
        audit.Add(db, context, AuditActions.ErasureRequested, $"user:{id.ToString(CultureInfo.InvariantCulture)}", mode, actor: requested.RequestedBy);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.Violated(PostgresErrorCodes.UniqueViolation) == ConstraintNames.ErasureJobUnfinishedUnique)
        {
            // Another request for them landed first.
            var running = await db.ErasureJobs.AsNoTracking().SingleAsync(job => job.UserId == id && job.State != ErasureStates.Completed, cancellationToken);
            return InProgress(running);
        }
        return TypedResults.Accepted($"/api/erasures/{requested.Id}", ToResponse(requested));
    }

    public static async Task<Results<Ok<ErasureJobResponse>, ProblemHttpResult>> GetErasureJob(long jobId, PulseDbContext db, CancellationToken cancellationToken) =>
        await db.ErasureJobs.AsNoTracking().SingleOrDefaultAsync(job => job.Id == jobId, cancellationToken) is { } job
            ? TypedResults.Ok(ToResponse(job))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such erasure job", detail: $"There is no erasure job {jobId}.");

    public static async Task<Results<Ok<List<ErasureJobResponse>>, ValidationProblem>> ListErasureJobs(
        PulseDbContext db, CancellationToken cancellationToken, int limit = DefaultListSize)
    {
        if (limit is < 1 or > MaxListSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Must be between 1 and {MaxListSize}."] });
        }
        var jobs = await db.ErasureJobs.AsNoTracking().OrderByDescending(job => job.Id).Take(limit).ToListAsync(cancellationToken);
        return TypedResults.Ok(jobs.Select(ToResponse).ToList());
    }

    /// <summary>A person asking for themselves proves it is them with their password, throttled as a sign-in is.</summary>
    private static async Task<ProblemHttpResult?> PasswordProblemAsync(User user, string? password, IPasswordHasher<User> hasher, SignInThrottle throttle, HttpContext context)
    {
        var address = ClientAddress.Of(context);
        if (await throttle.AttemptAsync(user.Handle, address) is { } wait)
        {
            context.Response.Headers.RetryAfter = SignInThrottle.Seconds(wait).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed attempts", detail: SignInThrottle.Describe(wait));
        }
        if (string.IsNullOrEmpty(password) || hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong password",
                detail: "Enter your password again to erase or anonymise yourself.");
        }
        await throttle.SucceededAsync(user.Handle, address);
        return null;
    }

    private static ProblemHttpResult InProgress(ErasureJob job) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "An erasure is already running for this user",
            detail: $"Job {job.Id} ({job.Mode}) is {job.State}; read it at /api/erasures/{job.Id}.",
            extensions: new Dictionary<string, object?> { ["jobId"] = job.Id });

    private static string Done(string mode) => mode == ErasureModes.Erase ? "erased" : "anonymised";

    public static ErasureJobResponse ToResponse(ErasureJob job) => new(
        job.Id, job.UserId, job.Mode, job.State, job.Step, job.Waiting, job.RequestedBy, job.RequestedAt, job.StartedAt, job.FinishedAt, job.Attempts, job.LastError,
        JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, long>>>(job.Receipt)!
            .ToDictionary(store => store.Key, store => (IReadOnlyDictionary<string, long>)store.Value));
}

using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pulse.Api.Network;
using Pulse.Api.Problems;
using Pulse.Api.Security;
using Pulse.Api.Security.Sessions;
using Pulse.Api.Security.SignIn;
using Pulse.Contracts.Security;
using Pulse.Data;
using Pulse.Data.Entities;
using Pulse.Api.RateLimits;

namespace Pulse.Api.Apis;

public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("api/sessions").WithTags("Sessions").RequireRateLimiting(RateLimitPolicies.Default);

        sessions.MapPost("", CreateSession)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.SignIn)
            .WithName(nameof(CreateSession))
            .WithSummary("Sign in with handle and password")
            .WithDescription("Answers an opaque token for 'Authorization: Bearer', and the user's role. The session expires after a period without use (30 minutes by default), each use extending it, and ends 12 hours after sign-in (by default) however often it is used. After a few failed attempts for one handle (5 by default), or more from one client address (20), further attempts answer 429 with Retry-After, even with the right password, for a delay that doubles with each further failure; a successful sign-in resets the handle's count.");
        sessions.MapGet("current", GetCurrentSession)
            .RequireAuthorization(PulseAuth.MemberPolicy)
            .WithName(nameof(GetCurrentSession))
            .WithSummary("The caller's session");
        sessions.MapDelete("current", DeleteCurrentSession)
            .RequireAuthorization(PulseAuth.MemberPolicy)
            .WithName(nameof(DeleteCurrentSession))
            .WithSummary("Sign out: the token stops working at once");

        return app;
    }

    public static async Task<Results<Created<SessionCreated>, ValidationProblem, ProblemHttpResult>> CreateSession(
        CreateSessionRequest request, HttpContext context, PulseDbContext db, IPasswordHasher<User> hasher, SessionStore sessions, SignInThrottle throttle,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Handle))
        {
            errors.Add("handle", "Required.");
        }
        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "Required.");
        }
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var handle = request.Handle!.Trim().ToLowerInvariant();
        var address = ClientAddress.Of(context);
        // Before the password is checked (no hashing while a delay runs), and even for the right one.
        if (await throttle.AttemptAsync(handle, address) is { } wait)
        {
            context.Response.Headers.RetryAfter = SignInThrottle.Seconds(wait).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins", detail: SignInThrottle.Describe(wait));
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Handle == handle, cancellationToken);
        // The same answer for an unknown handle and a wrong password, in about the same time (an
        // unknown handle is checked against a stand-in hash): sign-in does not tell who exists.
        var verdict = user is null
            ? Unknown(hasher, request.Password!)
            : hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password!);
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Wrong handle or password");
        }
        await throttle.SucceededAsync(handle, address);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, request.Password!);
            await db.SaveChangesAsync(cancellationToken);
        }

        var (token, session) = await sessions.CreateAsync(user.Id, user.Handle, user.Role);
        return TypedResults.Created("/api/sessions/current", new SessionCreated(token, session.UserId, session.Handle, session.Role, session.ExpiresAt, session.EndsAt));
    }

    private static string? standInHash;

    /// <summary>Verifies against a hash no password matches, costing what a real check costs.</summary>
    private static PasswordVerificationResult Unknown(IPasswordHasher<User> hasher, string password)
    {
        var standIn = new User { Handle = "", DisplayName = "", Email = "", Country = "", PasswordHash = "" };
        standInHash ??= hasher.HashPassword(standIn, Secrets.New("stand-in-"));
        hasher.VerifyHashedPassword(standIn, standInHash, password);
        return PasswordVerificationResult.Failed;
    }

    public static Ok<SessionResponse> GetCurrentSession(HttpContext context)
    {
        var session = (Session)context.Items[SessionAuthenticationHandler.SessionItem]!;
        return TypedResults.Ok(new SessionResponse(session.UserId, session.Handle, session.Role, session.CreatedAt, session.ExpiresAt, session.EndsAt));
    }

    public static async Task<NoContent> DeleteCurrentSession(HttpContext context, SessionStore sessions)
    {
        var session = (Session)context.Items[SessionAuthenticationHandler.SessionItem]!;
        await sessions.RevokeAsync(session);
        return TypedResults.NoContent();
    }
}

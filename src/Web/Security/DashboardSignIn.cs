using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Pulse.Contracts.Security;
using Pulse.Web.Services.Api;

namespace Pulse.Web.Security;

/// <summary>How a sign-in ended: signed in, or why not (the status the page answers, and what it says).</summary>
public sealed record SignInOutcome(int Status, string? ErrorKind = null, string? Message = null, SignedInUser? User = null, int? RetryAfterSeconds = null)
{
    public bool SignedIn => User is not null;
}

/// <summary>
/// Signing in to the dashboard: the Api checks the handle and password and makes a session; an
/// analyst or admin gets the Web's cookie holding it, anyone else is refused and the session just
/// made ends at once. Each failure becomes the status and sentence the sign-in page shows.
/// </summary>
public sealed class DashboardSignIn(PulseApiClient api, ILogger<DashboardSignIn> logger)
{
    public const string WrongPassword = "wrong-password";
    public const string Member = "member";
    public const string Throttled = "throttled";
    public const string Invalid = "invalid";
    public const string Unreachable = "unreachable";
    public const string Failed = "failed";

    public async Task<SignInOutcome> SignInAsync(HttpContext context, string? handle, string? password)
    {
        var cancellationToken = context.RequestAborted;
        var result = await api.CreateSessionAsync(handle, password, context.Connection.RemoteIpAddress, cancellationToken);
        if (!result.IsSuccess)
        {
            return Answer(context, Refusal(result.Problem));
        }

        var session = result.Value;
        if (!Roles.MayReadAnalytics(session.Role))
        {
            var ended = await api.EndSessionAsync(session.Token, cancellationToken);
            if (!ended.IsSuccess)
            {
                logger.LogWarning("Refusing {Handle} ({Role}): the Api did not end their new session ({Title}); it ends when idle",
                    session.Handle, session.Role, ended.Problem.Title);
            }
            return Answer(context, new SignInOutcome(StatusCodes.Status403Forbidden, Member,
                $"You are signed in to Pulse as {session.Handle}, a {session.Role}, but this dashboard is for analysts and admins. Ask an admin for the analyst role."));
        }

        // Someone was signed in here already (another person, or the same one again): that session ends.
        if (SignedInUser.From(context.User) is { } previous && previous.Token != session.Token)
        {
            await api.EndSessionAsync(previous.Token, cancellationToken);
        }
        var user = SignedInUser.FromSession(session);
        await context.SignInAsync(WebAuth.Scheme, user.ToPrincipal(), new AuthenticationProperties
        {
            // The cookie lasts as long as the Api session can (its absolute end), and no longer.
            IsPersistent = true,
            ExpiresUtc = session.EndsAt,
            AllowRefresh = false,
        });
        logger.LogInformation("{User} signed in", user);
        return new SignInOutcome(StatusCodes.Status200OK, User: user);
    }

    private static SignInOutcome Refusal(ApiProblem problem) => problem.Kind switch
    {
        ApiProblemKind.SessionEnded => new(StatusCodes.Status401Unauthorized, WrongPassword, "Wrong handle or password."),
        ApiProblemKind.RateLimited => problem.RetryAfter is { } wait
            ? new(StatusCodes.Status429TooManyRequests, Throttled,
                $"Too many sign-in attempts. Try again in {Seconds(wait).ToString(CultureInfo.InvariantCulture)} s.", RetryAfterSeconds: Seconds(wait))
            : new(StatusCodes.Status429TooManyRequests, Throttled, "Too many sign-in attempts. Try again shortly."),
        ApiProblemKind.Invalid => new(StatusCodes.Status400BadRequest, Invalid, "Enter your handle and your password."),
        ApiProblemKind.Unreachable => new(StatusCodes.Status503ServiceUnavailable, Unreachable,
            "The Pulse Api did not answer, so nobody can sign in just now. Try again in a moment."),
        _ => new(StatusCodes.Status503ServiceUnavailable, Failed, $"Signing in failed ({problem.Title}). Try again in a moment."),
    };

    /// <summary>Sets the page's status (and the throttle's <c>Retry-After</c>, passed on) for a refusal.</summary>
    private static SignInOutcome Answer(HttpContext context, SignInOutcome outcome)
    {
        context.Response.StatusCode = outcome.Status;
        if (outcome.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return outcome;
    }

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}

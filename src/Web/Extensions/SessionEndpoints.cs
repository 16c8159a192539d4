using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pulse.Web.Security;
using Pulse.Web.Services.Api;

namespace Pulse.Web.Extensions;

/// <summary>Signing out. (Signing in is the sign-in page's form: it renders its own errors.)</summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        // A form POST: binding the form makes the antiforgery token required, so no other site can sign anyone out.
        app.MapPost(WebAuth.SignOutPath, SignOut)
            .AllowAnonymous()
            .WithName(nameof(SignOut));
        return app;
    }

    /// <summary>
    /// Ends the person's Api session (the token stops working at once, in every tab), drops the
    /// cookie, and sends them to the sign-in page, to come back to <paramref name="returnUrl"/>.
    /// </summary>
    public static async Task<RedirectHttpResult> SignOut(
        HttpContext context, [FromServices] PulseApiClient api, [FromServices] EndedSessions ended, [FromServices] ILoggerFactory loggers, [FromForm] string? returnUrl)
    {
        if (SignedInUser.From(context.User) is { } user)
        {
            // Listed first: should the Api not answer, this Web still refuses the cookie from now on.
            ended.Add(user.Token, user.EndsAt);
            var result = await api.EndSessionAsync(user.Token, context.RequestAborted);
            if (!result.IsSuccess && result.Problem.Kind != ApiProblemKind.SessionEnded)
            {
                loggers.CreateLogger(typeof(SessionEndpoints)).LogWarning(
                    "Signing {User} out: the Api did not end the session ({Title}); it ends when idle", user, result.Problem.Title);
            }
        }
        await context.SignOutAsync(WebAuth.Scheme);
        return TypedResults.LocalRedirect(WebAuth.SignInUrl(returnUrl));
    }
}

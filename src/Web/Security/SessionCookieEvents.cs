using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Pulse.Web.Security;

/// <summary>
/// Drops a cookie whose Api session is known to be over (see <see cref="EndedSessions"/>) or that
/// holds no session at all, on the first request that carries it: that request is then anonymous
/// and goes to the sign-in page.
/// </summary>
public sealed class SessionCookieEvents(EndedSessions ended, TimeProvider time, ILogger<SessionCookieEvents> logger) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var user = SignedInUser.From(context.Principal);
        if (user is not null && !ended.Contains(user.Token) && user.EndsAt > time.GetUtcNow())
        {
            return;
        }
        logger.LogInformation("Dropping the cookie of {User}: its Api session is over", user?.ToString() ?? "a principal without a session");
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(WebAuth.Scheme);
    }
}

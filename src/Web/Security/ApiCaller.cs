using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace Pulse.Web.Security;

/// <summary>
/// Who the Web calls the Api for, in the current scope. In a circuit the scope's
/// <see cref="AuthenticationStateProvider"/> holds the cookie's principal (HttpContext is not
/// available there); an endpoint outside Razor components names the request's user with
/// <see cref="ActFor"/>. Scoped: one per circuit or request, never shared between people.
/// </summary>
public sealed class ApiCaller(AuthenticationStateProvider authentication, EndedSessions ended, TimeProvider time)
{
    private ClaimsPrincipal? requestUser;
    private bool endedRaised;

    /// <summary>Raised once when the Api refuses the caller's session: the page says so and sends them to sign in.</summary>
    public event Action? SessionEnded;

    /// <summary>For endpoints outside Razor components: the request's own (cookie) user is the caller.</summary>
    public void ActFor(ClaimsPrincipal user) => requestUser = user;

    public async Task<SignedInUser?> GetUserAsync() =>
        SignedInUser.From(requestUser ?? (await authentication.GetAuthenticationStateAsync()).User);

    /// <summary>The Api answered 401 to <paramref name="user"/>'s token: the session is over.</summary>
    public void Refused(SignedInUser user)
    {
        ended.Add(user.Token, user.EndsAt < time.GetUtcNow().AddDays(1) ? user.EndsAt : time.GetUtcNow().AddDays(1));
        if (!endedRaised)
        {
            endedRaised = true;
            SessionEnded?.Invoke();
        }
    }
}

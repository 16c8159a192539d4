using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Pulse.Api.Security.Sessions;
using Pulse.Contracts.Security;

namespace Pulse.Api.Security;

/// <summary>Authenticates <c>Authorization: Bearer &lt;session token&gt;</c>, extending the session.</summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionStore sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Where the authenticated session is kept for the request (revocation needs its hash).</summary>
    public const string SessionItem = "pulse:session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(AuthHeaders.BearerScheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header[(AuthHeaders.BearerScheme.Length + 1)..].Trim();
        var session = token.Length == 0 ? null : await sessions.TouchAsync(token);
        if (session is null)
        {
            return AuthenticateResult.Fail("Unknown, expired or revoked session.");
        }

        Context.Items[SessionItem] = session;
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, session.Handle),
            new Claim(PulseAuth.UserIdClaim, session.UserId.ToString(CultureInfo.InvariantCulture)),
            new Claim(PulseAuth.RoleClaim, session.Role),
        ], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{AuthHeaders.BearerScheme}, ApiKey header=\"{AuthHeaders.ApiKey}\"";
        return base.HandleChallengeAsync(properties);
    }
}

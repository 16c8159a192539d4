using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Pulse.Api.Security.ApiKeys;
using Pulse.Contracts.Security;

namespace Pulse.Api.Security;

/// <summary>Authenticates <c>X-Api-Key</c>: the key's scope becomes the caller's scope claim.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(AuthHeaders.ApiKey, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.FindAsync(values.ToString().Trim(), Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(PulseAuth.ScopeClaim, key.Scope),
            new Claim(PulseAuth.KeyIdClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], Scheme.Name);
        if (key.EventsPerMinute is { } budget)
        {
            identity.AddClaim(new Claim(PulseAuth.EventsPerMinuteClaim, budget.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}

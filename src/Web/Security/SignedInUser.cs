using System.Globalization;
using System.Security.Claims;
using Pulse.Contracts.Security;

namespace Pulse.Web.Security;

/// <summary>
/// A person signed in to the Web: who they are and their Api session. It lives in the Web's
/// cookie (encrypted by Data Protection, HttpOnly), so the token never reaches browser script.
/// </summary>
public sealed record SignedInUser(long UserId, string Handle, string Role, string Token, DateTimeOffset EndsAt)
{
    public const string TokenClaim = "pulse:api_token";
    public const string EndsAtClaim = "pulse:session_ends_at";

    public bool IsAdmin => Role == Roles.Admin;

    public static SignedInUser FromSession(SessionCreated session) =>
        new(session.UserId, session.Handle, session.Role, session.Token, session.EndsAt);

    /// <summary>The user the cookie holds, or null for anyone else (anonymous, or a principal without a session).</summary>
    public static SignedInUser? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true }
            || principal.FindFirst(TokenClaim)?.Value is not { Length: > 0 } token
            || !long.TryParse(principal.FindFirst(ClaimTypes.NameIdentifier)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            return null;
        }
        var endsAt = DateTimeOffset.TryParse(principal.FindFirst(EndsAtClaim)?.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var end)
            ? end
            : DateTimeOffset.MaxValue;
        return new SignedInUser(userId, principal.Identity.Name ?? "", principal.FindFirst(ClaimTypes.Role)?.Value ?? "", token, endsAt);
    }

    public ClaimsPrincipal ToPrincipal() => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, UserId.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, Handle),
            new Claim(ClaimTypes.Role, Role),
            new Claim(TokenClaim, Token),
            new Claim(EndsAtClaim, EndsAt.ToString("O", CultureInfo.InvariantCulture)),
        ],
        WebAuth.Scheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>Never the token: a record's generated ToString would print it into logs.</summary>
    public override string ToString() => $"{Handle} ({Role}, user {UserId})";
}

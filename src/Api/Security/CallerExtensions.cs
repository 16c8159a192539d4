using System.Globalization;
using System.Security.Claims;
using Pulse.Data.Entities;

namespace Pulse.Api.Security;

public static class CallerExtensions
{
    public static bool IsAdmin(this ClaimsPrincipal caller) => caller.HasClaim(PulseAuth.ScopeClaim, ApiKeyScopes.Admin);

    /// <summary>The signed-in user's id, when the caller is a session.</summary>
    public static long? UserId(this ClaimsPrincipal caller) =>
        caller.FindFirstValue(PulseAuth.UserIdClaim) is { } id ? long.Parse(id, CultureInfo.InvariantCulture) : null;

    /// <summary>Whether the caller may act as <paramref name="userId"/>: an admin for anyone, a user for themselves.</summary>
    public static bool MayActAs(this ClaimsPrincipal caller, long userId) => caller.IsAdmin() || caller.UserId() == userId;
}

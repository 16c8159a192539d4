using System.Globalization;
using System.Security.Claims;
using Pulse.Contracts.Security;
using Pulse.Data.Entities;

namespace Pulse.Api.Security;

public static class CallerExtensions
{
    /// <summary>An admin key, or a signed-in admin.</summary>
    public static bool IsAdmin(this ClaimsPrincipal caller) =>
        caller.HasClaim(PulseAuth.ScopeClaim, ApiKeyScopes.Admin) || caller.HasClaim(PulseAuth.RoleClaim, Roles.Admin);

    /// <summary>A read or admin key, or a signed-in analyst or admin.</summary>
    public static bool MayReadAnalytics(this ClaimsPrincipal caller) =>
        caller.HasClaim(PulseAuth.ScopeClaim, ApiKeyScopes.Read) || caller.HasClaim(PulseAuth.ScopeClaim, ApiKeyScopes.Admin)
        || Roles.MayReadAnalytics(caller.FindFirstValue(PulseAuth.RoleClaim));

    /// <summary>An ingest or admin key, or any signed-in user.</summary>
    public static bool MayIngest(this ClaimsPrincipal caller) =>
        caller.HasClaim(PulseAuth.ScopeClaim, ApiKeyScopes.Ingest) || caller.HasClaim(PulseAuth.ScopeClaim, ApiKeyScopes.Admin) || caller.IsSignedIn();

    /// <summary>Whether the caller is a signed-in user (a session), as opposed to an API key.</summary>
    public static bool IsSignedIn(this ClaimsPrincipal caller) => caller.HasClaim(claim => claim.Type == PulseAuth.UserIdClaim);

    /// <summary>The signed-in user's id, when the caller is a session.</summary>
    public static long? UserId(this ClaimsPrincipal caller) =>
        caller.FindFirstValue(PulseAuth.UserIdClaim) is { } id ? long.Parse(id, CultureInfo.InvariantCulture) : null;

    /// <summary>Whether the caller may act as <paramref name="userId"/>: an admin for anyone, a user for themselves.</summary>
    public static bool MayActAs(this ClaimsPrincipal caller, long userId) => caller.IsAdmin() || caller.UserId() == userId;

    /// <summary>Who the caller is, as the audit log names them: <c>user:{id}:{handle}</c> or <c>key:{id}:{name}</c>.</summary>
    public static string AuditName(this ClaimsPrincipal caller) =>
        caller.UserId() is { } userId ? $"user:{userId.ToString(CultureInfo.InvariantCulture)}:{caller.Identity?.Name}"
        : caller.FindFirstValue(PulseAuth.KeyIdClaim) is { } keyId ? $"key:{keyId}:{caller.Identity?.Name}"
        : "anonymous";
}

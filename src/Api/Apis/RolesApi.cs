using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Pulse.Api.Audit;
using Pulse.Api.Problems;
using Pulse.Api.RateLimits;
using Pulse.Api.Security;
using Pulse.Api.Security.Sessions;
using Pulse.Contracts.Security;
using Pulse.Data;

namespace Pulse.Api.Apis;

/// <summary>Who holds which role, and changing it: admins only, every change in the audit log.</summary>
public static class RolesApi
{
    public static IEndpointRouteBuilder MapRolesApi(this IEndpointRouteBuilder app)
    {
        var roles = app.MapGroup("api/admin/users").WithTags("Roles").RequireAuthorization(PulseAuth.AdminPolicy).RequireRateLimiting(RateLimitPolicies.Default);

        roles.MapGet("", ListPrivilegedUsers)
            .WithName(nameof(ListPrivilegedUsers))
            .WithSummary("Every analyst and admin");
        roles.MapPut("{id:long}/role", ChangeRole)
            .WithName(nameof(ChangeRole))
            .WithSummary("Give a user a role: member, analyst or admin")
            .WithDescription("The user's sessions end at once, so the new role holds from their next sign-in; an admin cannot change their own role (another admin must). Recorded in the audit log.");

        return app;
    }

    public static async Task<Ok<List<UserRoleResponse>>> ListPrivilegedUsers(PulseDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Users.AsNoTracking()
            .Where(user => user.Role != Roles.Member)
            .OrderBy(user => user.Id)
            .Select(user => new UserRoleResponse(user.Id, user.Handle, user.Role))
            .ToListAsync(cancellationToken));

    public static async Task<Results<Ok<UserRoleResponse>, ValidationProblem, ProblemHttpResult>> ChangeRole(
        long id, ChangeRoleRequest request, PulseDbContext db, SessionStore sessions, AuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        var role = request.Role?.Trim().ToLowerInvariant();
        if (role is null || !Roles.All.Contains(role))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = [$"Use one of: {string.Join(", ", Roles.All)}."] });
        }
        if (context.User.UserId() == id)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "An admin cannot change their own role",
                detail: "Ask another admin, so that no one removes the last admin by mistake.");
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such user", detail: $"There is no user {id}.");
        }
        if (user.Role != role)
        {
            audit.Add(db, context, AuditActions.RoleChanged, $"user:{user.Id}:{user.Handle}", $"{user.Role} -> {role}");
            user.Role = role;
            await db.SaveChangesAsync(cancellationToken);
            await sessions.RevokeAllAsync(user.Id);
        }
        return TypedResults.Ok(new UserRoleResponse(user.Id, user.Handle, user.Role));
    }
}

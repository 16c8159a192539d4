using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Pulse.Api.Problems;
using Pulse.Api.RateLimits;
using Pulse.Api.Security;
using Pulse.Contracts.Security;
using Pulse.Data;

namespace Pulse.Api.Apis;

/// <summary>The append-only record of admin actions, for admins.</summary>
public static class AuditApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/admin/audit").WithTags("Audit").RequireAuthorization(PulseAuth.AdminPolicy).RequireRateLimiting(RateLimitPolicies.Default)
            .MapGet("", ListAuditEntries)
            .WithName(nameof(ListAuditEntries))
            .WithSummary("Admin actions, newest first, one page at a time")
            .WithDescription("Keys created and revoked, roles changed, dead letters replayed, backfills run: who, what, when and from where. Pass the page's nextBefore as 'before' for the next page.");
        return app;
    }

    public static async Task<Results<Ok<AuditPage>, ValidationProblem>> ListAuditEntries(
        PulseDbContext db, CancellationToken cancellationToken, long? before = null, int? limit = null)
    {
        var errors = new ValidationErrors();
        errors.InRange("limit", limit ?? DefaultPageSize, 1, MaxPageSize);
        if (before is <= 0)
        {
            errors.Add("before", "Must be a positive entry id.");
        }
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var size = limit ?? DefaultPageSize;
        var query = db.AuditLog.AsNoTracking();
        if (before is { } cursor)
        {
            query = query.Where(entry => entry.Id < cursor);
        }
        var entries = await query.OrderByDescending(entry => entry.Id).Take(size + 1)
            .Select(entry => new AuditEntry(entry.Id, entry.At, entry.Actor, entry.Action, entry.Target, entry.Detail, entry.Source))
            .ToListAsync(cancellationToken);
        var next = entries.Count > size ? entries[size - 1].Id : (long?)null;
        return TypedResults.Ok(new AuditPage(entries.Take(size).ToList(), next));
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Pulse.Api.Audit;
using Pulse.Api.Events;
using Pulse.Api.Problems;
using Pulse.Api.Security;
using Pulse.Api.Security.ApiKeys;
using Pulse.Contracts.Security;
using Pulse.Data;
using Pulse.Data.Entities;
using Pulse.Api.RateLimits;

namespace Pulse.Api.Apis;

public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("api/keys").WithTags("API keys").RequireAuthorization(PulseAuth.AdminPolicy).RequireRateLimiting(RateLimitPolicies.Default);

        keys.MapPost("", CreateKey)
            .WithName(nameof(CreateKey))
            .WithSummary("Create an API key")
            .WithDescription("Scope 'ingest' may post events; 'read' may read what an analyst reads and write nothing; 'admin' may do what an admin does. " +
                "`eventsPerMinute` is the key's event budget (omit it for the default for keys). The secret is in this answer only. Recorded in the audit log.");
        keys.MapPut("{id:long}/budget", SetKeyBudget)
            .WithName(nameof(SetKeyBudget))
            .WithSummary("Set an API key's event budget, at once on every replica")
            .WithDescription("Events per minute the key may post; null returns it to the default for keys. Recorded in the audit log.");
        keys.MapGet("", ListKeys)
            .WithName(nameof(ListKeys))
            .WithSummary("Every API key, without secrets");
        keys.MapDelete("{id:long}", RevokeKey)
            .WithName(nameof(RevokeKey))
            .WithSummary("Revoke an API key, at once on every replica")
            .WithDescription("The bootstrap admin key too: its row stays revoked, so the migration step does not bring it back. Recorded in the audit log.");

        return app;
    }

    public static async Task<Results<Created<ApiKeyCreated>, ValidationProblem>> CreateKey(
        CreateApiKeyRequest request, PulseDbContext db, ApiKeyStore keys, AuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors.Add("name", "Use 1 to 100 characters.");
        }
        var scope = request.Scope?.Trim().ToLowerInvariant();
        if (scope is null || !ApiKeyScopes.All.Contains(scope))
        {
            errors.Add("scope", $"Use one of: {string.Join(", ", ApiKeyScopes.All)}.");
        }
        CheckBudget(request.EventsPerMinute, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var (key, secret) = await keys.CreateAsync(db, name!, scope!, request.EventsPerMinute,
            created => audit.Add(db, context, AuditActions.KeyCreated, $"key:{created.Name}", $"scope {created.Scope}, {BudgetText(created.EventsPerMinute)}"), cancellationToken);
        return TypedResults.Created($"/api/keys/{key.Id}", new ApiKeyCreated(key.Id, key.Name, key.Scope, secret, key.CreatedAt, key.EventsPerMinute));
    }

    public static async Task<Results<Ok<ApiKeyResponse>, ValidationProblem, ProblemHttpResult>> SetKeyBudget(
        long id, ApiKeyBudgetRequest request, PulseDbContext db, ApiKeyStore keys, AuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        CheckBudget(request.EventsPerMinute, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var key = await keys.SetBudgetAsync(db, id, request.EventsPerMinute,
            changed => audit.Add(db, context, AuditActions.KeyBudgetChanged, $"key:{changed.Id}:{changed.Name}", BudgetText(changed.EventsPerMinute)), cancellationToken);
        return key is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such key", detail: $"There is no active API key {id}.")
            : TypedResults.Ok(new ApiKeyResponse(key.Id, key.Name, key.Scope, key.CreatedAt, key.RevokedAt, key.EventsPerMinute));
    }

    private static void CheckBudget(int? eventsPerMinute, ValidationErrors errors)
    {
        if (eventsPerMinute is < EventsPerMinuteRange.Least or > EventsPerMinuteRange.Most)
        {
            errors.Add("eventsPerMinute", $"Use {EventsPerMinuteRange.Least} to {EventsPerMinuteRange.Most} events per minute, or null for the default.");
        }
    }

    private static string BudgetText(int? eventsPerMinute) =>
        eventsPerMinute is { } budget ? $"{budget} events/min" : "default events/min";

    public static async Task<Ok<List<ApiKeyResponse>>> ListKeys(PulseDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.ApiKeys.AsNoTracking()
            .OrderBy(key => key.Id)
            .Select(key => new ApiKeyResponse(key.Id, key.Name, key.Scope, key.CreatedAt, key.RevokedAt, key.EventsPerMinute))
            .ToListAsync(cancellationToken));

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(
        long id, PulseDbContext db, ApiKeyStore keys, AuditTrail audit, HttpContext context, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(db, id, revoked => audit.Add(db, context, AuditActions.KeyRevoked, $"key:{revoked.Id}:{revoked.Name}"), cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such key", detail: $"There is no active API key {id}.");
}

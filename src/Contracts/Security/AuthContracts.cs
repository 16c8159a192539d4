namespace Pulse.Contracts.Security;

/// <summary>Body of <c>POST /api/sessions</c>.</summary>
public sealed record CreateSessionRequest(string? Handle, string? Password);

/// <summary>A new session: <see cref="Token"/> goes in <c>Authorization: Bearer</c> and is shown only now.</summary>
/// <see cref="ExpiresAt"/> moves with each use; <see cref="EndsAt"/> is the absolute end, however often it is used.
public sealed record SessionCreated(string Token, long UserId, string Handle, string Role, DateTimeOffset ExpiresAt, DateTimeOffset EndsAt);

public sealed record SessionResponse(long UserId, string Handle, string Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset EndsAt);

/// <summary>Body of <c>PUT /api/admin/users/{id}/role</c>: one of <see cref="Roles.All"/>.</summary>
public sealed record ChangeRoleRequest(string? Role);

/// <summary>A user's role, as admins see and change it.</summary>
public sealed record UserRoleResponse(long UserId, string Handle, string Role);

/// <summary>Body of <c>POST /api/keys</c>.</summary>
/// <param name="EventsPerMinute">The key's event budget; null: the default for keys.</param>
public sealed record CreateApiKeyRequest(string? Name, string? Scope, int? EventsPerMinute = null);

/// <summary>Body of <c>PUT /api/keys/{id}/budget</c>.</summary>
/// <param name="EventsPerMinute">The key's event budget; null: the default for keys.</param>
public sealed record ApiKeyBudgetRequest(int? EventsPerMinute);

/// <summary>A new key: <see cref="Secret"/> goes in <c>X-Api-Key</c> and is shown only this once.</summary>
public sealed record ApiKeyCreated(long Id, string Name, string Scope, string Secret, DateTimeOffset CreatedAt, int? EventsPerMinute = null);

/// <param name="EventsPerMinute">The key's own event budget; null: the default for keys.</param>
public sealed record ApiKeyResponse(long Id, string Name, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, int? EventsPerMinute = null);

/// <summary>Header and scheme names clients use.</summary>
public static class AuthHeaders
{
    public const string ApiKey = "X-Api-Key";
    public const string BearerScheme = "Bearer";
}

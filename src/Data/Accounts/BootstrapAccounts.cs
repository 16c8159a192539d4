using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pulse.Contracts.Security;
using Pulse.Data.Entities;

namespace Pulse.Data.Accounts;

/// <summary>What <see cref="BootstrapAccounts.EnsureAsync"/> did.</summary>
public sealed record BootstrapOutcome(bool AdminKeyAdded, bool AdminUserAdded, string? Warning);

/// <summary>
/// The first admin key and the first admin account, so a new deployment can be operated at all.
/// Each is added only when absent and never changed afterwards: a revoked bootstrap key stays revoked
/// (its row is found by its hash), and the admin's password and role are theirs to change.
/// </summary>
public static class BootstrapAccounts
{
    public const string AdminKeyName = "bootstrap";
    public const string AdminEmailDomain = "pulse.invalid";

    public static async Task<BootstrapOutcome> EnsureAsync(
        PulseDbContext db, string? adminKey, string? adminHandle, string? adminPassword, TimeProvider time, CancellationToken cancellationToken)
    {
        var keyAdded = !string.IsNullOrEmpty(adminKey) && await EnsureAdminKeyAsync(db, adminKey, time, cancellationToken);
        var (userAdded, warning) = string.IsNullOrEmpty(adminPassword) || string.IsNullOrWhiteSpace(adminHandle)
            ? (false, null)
            : await EnsureAdminUserAsync(db, adminHandle.Trim().ToLowerInvariant(), adminPassword, time, cancellationToken);
        return new BootstrapOutcome(keyAdded, userAdded, warning);
    }

    private static async Task<bool> EnsureAdminKeyAsync(PulseDbContext db, string adminKey, TimeProvider time, CancellationToken cancellationToken)
    {
        var hash = SecretHash.Of(adminKey);
        if (await db.ApiKeys.AnyAsync(key => key.SecretHash == hash, cancellationToken))
        {
            return false;
        }
        db.ApiKeys.Add(new ApiKey { Name = AdminKeyName, Scope = ApiKeyScopes.Admin, SecretHash = hash, CreatedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static async Task<(bool Added, string? Warning)> EnsureAdminUserAsync(
        PulseDbContext db, string handle, string password, TimeProvider time, CancellationToken cancellationToken)
    {
        var existing = await db.Users.AsNoTracking().Where(user => user.Handle == handle).Select(user => user.Role).SingleOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return (false, existing == Roles.Admin ? null
                : $"A user '{handle}' exists with role '{existing}', so no first admin was made: give an account the admin role with pulse-ops.");
        }
        var user = new User
        {
            Handle = handle,
            DisplayName = "Administrator",
            Email = $"{handle}@{AdminEmailDomain}",
            Country = "US",
            PasswordHash = "",
            Role = Roles.Admin,
            CreatedAt = time.GetUtcNow(),
        };
        user.PasswordHash = new PasswordHasher<User>().HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return (true, null);
    }
}

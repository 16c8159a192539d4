using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Contracts.Security;
using Pulse.Data;
using Pulse.Data.Accounts;
using Pulse.Data.Entities;
using Pulse.Data.Seeding;
using Pulse.IntegrationTests.Data;
using Pulse.IntegrationTests.Data.Seeding;
using Pulse.MigrationService;
using Pulse.MigrationService.Bootstrap;
using Pulse.MigrationService.Seeding;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.MigrationService;

/// <summary>The migration service's work, run as a class against a real, empty PostgreSQL database.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class DatabasePreparationTests(PostgresServer server)
{
    [Fact]
    public async Task Migrates_an_empty_database_and_seeds_when_asked()
    {
        var connectionString = await server.CreateDatabaseAsync("prepare_seed");

        var summary = await RunAsync(connectionString, new SeedOptions { Scale = "small", ActivityDays = 3 });

        Assert.NotNull(summary);
        Assert.Equal(SeedOutcome.Loaded, summary.Outcome);
        await using var db = MigratedDatabase.Context(connectionString);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(SeedScale.Small.Users, await db.Users.CountAsync(TestContext.Current.CancellationToken));
        Assert.True(await db.PostDailyStats.AnyAsync(TestContext.Current.CancellationToken));
        Assert.Equal("small", (await db.SeedRuns.SingleAsync(TestContext.Current.CancellationToken)).Scale);
    }

    [Fact]
    public async Task Migrates_without_seeding_when_the_scale_is_none_and_running_again_changes_nothing()
    {
        var connectionString = await server.CreateDatabaseAsync("prepare_none");

        Assert.Null(await RunAsync(connectionString, new SeedOptions { Scale = "none" }));
        var applied = await AppliedMigrationsAsync(connectionString);
        Assert.Null(await RunAsync(connectionString, new SeedOptions()));

        Assert.NotEmpty(applied);
        Assert.Equal(applied, await AppliedMigrationsAsync(connectionString));
        await using var db = MigratedDatabase.Context(connectionString);
        Assert.False(await db.Users.AnyAsync(TestContext.Current.CancellationToken));
        Assert.False(await db.SeedRuns.AnyAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_different_scale_after_a_seed_fails_the_run()
    {
        var connectionString = await server.CreateDatabaseAsync("prepare_conflict");
        await RunAsync(connectionString, new SeedOptions { Scale = "small" });

        var refusal = await Assert.ThrowsAsync<SeedConflictException>(() => RunAsync(connectionString, new SeedOptions { Scale = "demo" }));

        Assert.Contains("refusing to load 'demo'", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adds_the_first_admin_key_and_account_once_and_a_revoked_bootstrap_key_stays_revoked()
    {
        var connectionString = await server.CreateDatabaseAsync("prepare_bootstrap");
        var bootstrap = new BootstrapOptions { AdminKey = "bootstrap-key-for-the-test-0123456789", AdminPassword = "first-admin-password" };
        var cancellationToken = TestContext.Current.CancellationToken;

        await RunAsync(connectionString, new SeedOptions(), bootstrap);
        await using (var db = MigratedDatabase.Context(connectionString))
        {
            var admin = await db.Users.SingleAsync(user => user.Handle == "admin", cancellationToken);
            Assert.Equal(Roles.Admin, admin.Role);
            Assert.NotEqual(PasswordVerificationResult.Failed,
                new PasswordHasher<User>().VerifyHashedPassword(admin, admin.PasswordHash, bootstrap.AdminPassword!));
            var key = await db.ApiKeys.SingleAsync(cancellationToken);
            Assert.Equal((BootstrapAccounts.AdminKeyName, ApiKeyScopes.Admin), (key.Name, key.Scope));
            Assert.Equal(SecretHash.Of(bootstrap.AdminKey!), key.SecretHash);
            await db.ApiKeys.ExecuteUpdateAsync(setters => setters.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow), cancellationToken);
        }

        // The next start with the same parameters changes nothing: no second admin, the revoked key stays revoked.
        await RunAsync(connectionString, new SeedOptions(), bootstrap with { AdminPassword = "another-password-entirely" });
        await using (var db = MigratedDatabase.Context(connectionString))
        {
            Assert.Equal(1, await db.Users.CountAsync(cancellationToken));
            Assert.Null(await db.ApiKeys.SingleOrDefaultAsync(key => key.RevokedAt == null, cancellationToken));
        }

        // Rotating: a new key is added beside the revoked one.
        await RunAsync(connectionString, new SeedOptions(), bootstrap with { AdminKey = "the-rotated-bootstrap-key-0123456789" });
        await using (var db = MigratedDatabase.Context(connectionString))
        {
            var active = await db.ApiKeys.SingleAsync(key => key.RevokedAt == null, cancellationToken);
            Assert.Equal(SecretHash.Of("the-rotated-bootstrap-key-0123456789"), active.SecretHash);
        }
    }

    private static async Task<SeedLoadSummary?> RunAsync(string connectionString, SeedOptions options, BootstrapOptions? bootstrap = null)
    {
        await using var db = MigratedDatabase.Context(connectionString);
        var preparation = new DatabasePreparation(db, Options.Create(options), Options.Create(bootstrap ?? new BootstrapOptions()),
            new FixedTime(DateTimeOffset.UtcNow), NullLogger<DatabasePreparation>.Instance);
        return await preparation.RunAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<string[]> AppliedMigrationsAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("""select coalesce(string_agg(migration_id, ',' order by migration_id), '') from "__EFMigrationsHistory" """);
        return ((string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!).Split(',', StringSplitOptions.RemoveEmptyEntries);
    }
}

using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Data;
using Pulse.Data.Accounts;
using Pulse.Data.Seeding;
using Pulse.MigrationService.Bootstrap;
using Pulse.MigrationService.Seeding;
using Pulse.ServiceDefaults;

namespace Pulse.MigrationService;

/// <summary>
/// What the migration service does, in order: apply the pending EF Core migrations (none pending:
/// nothing happens), load the configured seed, if any, then add the first admin key and account
/// where they are absent. One span per step.
/// </summary>
public sealed partial class DatabasePreparation(
    PulseDbContext db, IOptions<SeedOptions> seedOptions, IOptions<BootstrapOptions> bootstrapOptions, TimeProvider time, ILogger<DatabasePreparation> logger)
{
    public static readonly ActivitySource ActivitySource = new(PulseTelemetry.MigrationServiceSource);

    /// <summary>Returns what seeding did, or null when it was off.</summary>
    public async Task<SeedLoadSummary?> RunAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken);
        var seeded = await SeedAsync(cancellationToken);
        await BootstrapAsync(cancellationToken);
        return seeded;
    }

    private async Task BootstrapAsync(CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity("Bootstrap accounts");
        var options = bootstrapOptions.Value;
        try
        {
            var outcome = await BootstrapAccounts.EnsureAsync(db, options.AdminKey, options.AdminHandle, options.AdminPassword, time, cancellationToken);
            activity?.SetTag("pulse.bootstrap.admin_key_added", outcome.AdminKeyAdded);
            activity?.SetTag("pulse.bootstrap.admin_user_added", outcome.AdminUserAdded);
            if (outcome.AdminKeyAdded)
            {
                AdminKeyAdded(logger);
            }
            if (outcome.AdminUserAdded)
            {
                AdminUserAdded(logger, options.AdminHandle);
            }
            if (outcome.Warning is { } warning)
            {
                NoFirstAdmin(logger, warning);
            }
        }
        catch (Exception exception)
        {
            Failed(activity, exception);
            throw;
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity("Apply migrations");
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            activity?.SetTag("pulse.migrations.pending", pending.Count);
            if (pending.Count == 0)
            {
                SchemaUpToDate(logger);
                return;
            }
            ApplyingMigrations(logger, pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
            MigrationsApplied(logger, pending.Count);
        }
        catch (Exception exception)
        {
            Failed(activity, exception);
            throw;
        }
    }

    private async Task<SeedLoadSummary?> SeedAsync(CancellationToken cancellationToken)
    {
        if (seedOptions.Value.ToRequest() is not { } request)
        {
            SeedingOff(logger, SeedSettings.ScaleKey);
            return null;
        }
        using var activity = ActivitySource.StartActivity("Seed");
        activity?.SetTag("pulse.seed.scale", request.Scale.Name);
        activity?.SetTag("pulse.seed.activity_days", request.ActivityDays);
        try
        {
            SeedingStarts(logger, request.Scale.Name, request.Scale.Users, request.Scale.Posts, request.Scale.Follows, request.ActivityDays);
            var summary = await new SeedLoader(db, time).LoadAsync(request, new SeedProgressLog(logger), cancellationToken);
            activity?.SetTag("pulse.seed.outcome", summary.Outcome.ToString());
            if (summary.Outcome == SeedOutcome.Loaded)
            {
                SeedingDone(logger, summary.Message, summary.ToTable());
            }
            else
            {
                NothingToSeed(logger, summary.Message);
            }
            return summary;
        }
        catch (Exception exception)
        {
            Failed(activity, exception);
            throw;
        }
    }

    private static void Failed(Activity? activity, Exception exception)
    {
        activity?.AddException(exception);
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The database schema is up to date; no migration to apply")]
    private static partial void SchemaUpToDate(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s): {Migrations}")]
    private static partial void ApplyingMigrations(ILogger logger, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migration(s)")]
    private static partial void MigrationsApplied(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeding is off ({Key} is none)")]
    private static partial void SeedingOff(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeding '{Scale}': {Users:N0} users, {Posts:N0} posts, about {Follows:N0} follows, {ActivityDays} days of activity")]
    private static partial void SeedingStarts(ILogger logger, string scale, int users, int posts, int follows, int activityDays);

    [LoggerMessage(Level = LogLevel.Information, Message = "Added the bootstrap admin API key")]
    private static partial void AdminKeyAdded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Added the first admin account '{Handle}'; its password is the AppHost's pulse-admin-password parameter")]
    private static partial void AdminUserAdded(ILogger logger, string handle);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void NoFirstAdmin(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    private static partial void NothingToSeed(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}\n{Summary}")]
    private static partial void SeedingDone(ILogger logger, string message, string summary);
}

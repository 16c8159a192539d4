using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pulse.Data.Entities;

namespace Pulse.Data.Seeding;

/// <summary>
/// Loads a generated seed with binary COPY, in one transaction: either all of it is there or none.
/// A transaction-scoped advisory lock keeps two seeders from loading at once (the second waits, then
/// finds the first's <see cref="SeedRun"/>). The same scale twice is a no-op; another scale on top of a
/// loaded one is refused with <see cref="SeedConflictException"/>. Ids are claimed past every existing
/// one (<see cref="IdRange"/>), so rows created through the Api never collide with seeded ones.
/// </summary>
public sealed class SeedLoader(PulseDbContext db, TimeProvider time)
{
    /// <summary>pg_advisory_xact_lock key: "PulseSee" in ASCII.</summary>
    public const long AdvisoryLockKey = 0x50756C7365536565;

    // COPY of the largest scale and the foreign-key checks it queues can outlast Npgsql's 30 s default.
    private static readonly TimeSpan StatementTimeout = TimeSpan.FromMinutes(30);

    public SeedLoader(PulseDbContext db) : this(db, TimeProvider.System)
    {
    }

    public async Task<SeedLoadSummary> LoadAsync(SeedRequest request, IProgress<SeedProgress>? progress, CancellationToken cancellationToken)
    {
        request.Validate();
        var total = Stopwatch.StartNew();
        var phases = new List<SeedPhaseSummary>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, $"select pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);

            var runs = await db.SeedRuns.AsNoTracking().ToListAsync(cancellationToken);
            if (runs.FirstOrDefault(run => run.Scale == request.Scale.Name) is { } done)
            {
                return new SeedLoadSummary(SeedOutcome.AlreadyLoaded, request.Scale.Name,
                    $"The '{done.Scale}' seed was loaded at {done.CompletedAt:u} ({done.Users:N0} users, {done.Posts:N0} posts, {done.Follows:N0} follows); nothing to do.",
                    phases, total.Elapsed);
            }
            if (runs.Count > 0)
            {
                var loaded = string.Join(", ", runs.Select(run => $"'{run.Scale}' (loaded at {run.CompletedAt:u})"));
                throw new SeedConflictException(
                    $"This database already holds the {loaded} seed; refusing to load '{request.Scale.Name}' on top of it. " +
                    $"Keep the scale at {string.Join(" or ", runs.Select(run => $"'{run.Scale}'"))}, or seed an empty database.");
            }

            var seed = Generate(request, progress, phases);
            var copier = new SeedCopier(db.Model, connection, progress, phases, StatementTimeout);
            await copier.CopyAsync(seed, cancellationToken);
            await AnalyzeAsync(connection, progress, phases, cancellationToken);

            db.SeedRuns.Add(new SeedRun
            {
                Scale = request.Scale.Name,
                RandomSeed = request.RandomSeed,
                Users = seed.Users.Count,
                Posts = seed.Posts.Count,
                Follows = seed.Follows.Count,
                CompletedAt = time.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            return new SeedLoadSummary(SeedOutcome.Loaded, request.Scale.Name,
                $"Loaded the '{request.Scale.Name}' seed: {seed.TotalRows:N0} rows in {total.Elapsed.TotalSeconds:N1} s.", phases, total.Elapsed);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private GeneratedSeed Generate(SeedRequest request, IProgress<SeedProgress>? progress, List<SeedPhaseSummary> phases)
    {
        var stopwatch = Stopwatch.StartNew();
        progress?.Report(new SeedProgress(SeedPhases.Generate, 0, 1, TimeSpan.Zero));
        var seed = SeedGenerator.Generate(request, time.GetUtcNow());
        progress?.Report(new SeedProgress(SeedPhases.Generate, 1, 1, stopwatch.Elapsed));
        phases.Add(new SeedPhaseSummary(SeedPhases.Generate, seed.TotalRows, stopwatch.Elapsed));
        return seed;
    }

    /// <summary>Fresh planner statistics, so the first analytics queries do not plan for empty tables.</summary>
    private static async Task AnalyzeAsync(NpgsqlConnection connection, IProgress<SeedProgress>? progress, List<SeedPhaseSummary> phases, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        progress?.Report(new SeedProgress(SeedPhases.Analyze, 0, 1, TimeSpan.Zero));
        await ExecuteAsync(connection, "analyze", cancellationToken);
        progress?.Report(new SeedProgress(SeedPhases.Analyze, 1, 1, stopwatch.Elapsed));
        phases.Add(new SeedPhaseSummary(SeedPhases.Analyze, 0, stopwatch.Elapsed));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = (int)StatementTimeout.TotalSeconds };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using System.ComponentModel;
using System.Globalization;
using Npgsql;
using Pulse.Contracts.Security;
using Pulse.Ops.Accounts;
using Pulse.Ops.Backfill;
using Spectre.Console;
using Spectre.Console.Cli;
using StackExchange.Redis;

namespace Pulse.Ops.Commands;

/// <summary><c>pulse-ops backfill counters</c>: the Redis real-time counters, rebuilt from <c>post_stats</c> (see <see cref="CounterBackfill"/>).</summary>
public sealed class BackfillCountersCommand : AsyncCommand<BackfillCountersCommand.Settings>
{
    public const string Description =
        "Overwrite every post's Redis real-time counters (views, likes, comments, shares) with its PostgreSQL post_stats totals, " +
        "in batches of one round trip each. Idempotent. Safe while the stack runs, but the events still waiting in the stream " +
        "for the aggregates group are not in post_stats yet: their increments are overwritten (run it when that group's lag is 0). " +
        "Counters of posts without post_stats are left alone. See docs/backfill.md.";

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--postgres <CONNECTION>")]
        [Description("PostgreSQL connection string of the pulse database (read: post_stats).")]
        public string? Postgres { get; init; }

        [CommandOption("--redis <CONNECTION>")]
        [Description("StackExchange.Redis connection string (written: the posts' counters hashes).")]
        public string? Redis { get; init; }

        [CommandOption("--batch <POSTS>")]
        [Description("Posts read per page and written per round trip.")]
        [DefaultValue(1000)]
        public int Batch { get; init; } = 1000;

        public override ValidationResult Validate() =>
            StoreConnections.PostgresProblem(Postgres) is { } postgres ? ValidationResult.Error(postgres)
            : StoreConnections.RedisProblem(Redis) is { } redis ? ValidationResult.Error(redis)
            : Batch is < 1 or > CounterBackfill.MaxBatchSize ? ValidationResult.Error($"--batch must be 1 to {CounterBackfill.MaxBatchSize:N0}.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var targets = new CommandFailure.Targets(
            Postgres: StoreConnections.DescribePostgres(settings.Postgres!),
            Redis: StoreConnections.DescribeRedis(settings.Redis!));
        long written = 0;
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(settings.Redis!);
            await using var postgres = NpgsqlDataSource.Create(settings.Postgres!);
            await SchemaCheck.RequireCurrentAsync(postgres, cancellationToken);

            var backfill = new CounterBackfill(postgres, redis.GetDatabase(), settings.Batch);
            var total = await backfill.CountAsync(cancellationToken);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"Overwriting the counters of {total:N0} posts in Redis at {targets.Redis} from post_stats at {targets.Postgres}, {settings.Batch:N0} per batch.");

            CounterBackfillSummary summary = null!;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("posts", maxValue: Math.Max(1, total));
                    summary = await backfill.RunAsync(new SyncProgress<long>(posts =>
                    {
                        written = posts;
                        task.MaxValue = Math.Max(task.MaxValue, posts);
                        task.Value = posts;
                    }), cancellationToken);
                    task.Value = task.MaxValue;
                });

            await OpsAudit.RecordAsync(postgres, AuditActions.CountersBackfilled, targets.Redis,
                string.Create(CultureInfo.InvariantCulture, $"{summary.Posts} posts' counters overwritten from post_stats"), CancellationToken.None);

            var table = new Table().AddColumns("counters backfill", "");
            table.AddRow("posts written", summary.Posts.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("batches (round trips)", summary.Batches.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("time", $"{summary.Elapsed.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture)} s");
            table.AddRow("posts/s", (summary.Posts / Math.Max(0.001, summary.Elapsed.TotalSeconds)).ToString("N0", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return 0;
        }
        // Cancelled, however the client says it (Npgsql reports a connect cut short as a timeout).
        catch (Exception exception) when (cancellationToken.IsCancellationRequested && (exception is OperationCanceledException || CommandFailure.IsExpected(exception)))
        {
            return CommandFailure.ReportCancelled(
                $"{written:N0} posts' counters were written, each batch whole; run again to write them all (a run overwrites, so repeating is harmless).");
        }
        catch (Exception exception) when (CommandFailure.IsExpected(exception))
        {
            return CommandFailure.Report(exception, targets);
        }
    }
}

using System.ComponentModel;
using System.Globalization;
using MongoDB.Driver;
using Npgsql;
using Pulse.Contracts.Security;
using Pulse.Ops.Accounts;
using Pulse.Ops.Backfill;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pulse.Ops.Commands;

/// <summary><c>pulse-ops backfill aggregates</c>: the PostgreSQL aggregates of a day range, rebuilt from the event log (see <see cref="AggregatesBackfill"/>).</summary>
public sealed class BackfillAggregatesCommand : AsyncCommand<BackfillAggregatesCommand.Settings>
{
    public const string Description =
        "Rebuild post_daily_stats and user_daily_activity for a range of UTC days from the MongoDB event log, and the post_stats " +
        "of the posts those days touch, in one transaction; the counted events' ids go into ingested_events so the stream does not " +
        "count them again. Stop the Ingestor first (see docs/backfill.md). Likes are floored at zero per day (and once for a " +
        "post's total) rather than event by event in stream order: exact whenever every unlike follows its like.";

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--postgres <CONNECTION>")]
        [Description("PostgreSQL connection string of the pulse database (written: the aggregates, ingested_events).")]
        public string? Postgres { get; init; }

        [CommandOption("--mongo <CONNECTION>")]
        [Description("MongoDB connection string of the event log; its database defaults to pulse_events.")]
        public string? Mongo { get; init; }

        [CommandOption("--from <DAY>")]
        [Description("First UTC day to rebuild, yyyy-MM-dd (default: the first day the event log holds whole).")]
        public string? From { get; init; }

        [CommandOption("--to <DAY>")]
        [Description("Last UTC day to rebuild, yyyy-MM-dd, included (default: today).")]
        public string? To { get; init; }

        [CommandOption("--dedupe-retention <DAYS>")]
        [Description("The Ingestor's Pulse:Retention:DedupeIds, in days: ids of events received this recently are recorded.")]
        [DefaultValue(7.0)]
        public double DedupeRetentionDays { get; init; } = 7;

        public DateOnly? FromDay => DayRange.TryParseDay(From, out var day) ? day : null;

        public DateOnly? ToDay => DayRange.TryParseDay(To, out var day) ? day : null;

        public override ValidationResult Validate() =>
            StoreConnections.PostgresProblem(Postgres) is { } postgres ? ValidationResult.Error(postgres)
            : StoreConnections.MongoProblem(Mongo) is { } mongo ? ValidationResult.Error(mongo)
            : From is not null && FromDay is null ? ValidationResult.Error($"--from must be a day as {DayRange.DayFormat}, not '{From}'.")
            : To is not null && ToDay is null ? ValidationResult.Error($"--to must be a day as {DayRange.DayFormat}, not '{To}'.")
            : FromDay > ToDay ? ValidationResult.Error($"--from {From} is after --to {To}.")
            : DedupeRetentionDays is < 0 or > 365 ? ValidationResult.Error("--dedupe-retention must be 0 to 365 days.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var mongoUrl = MongoUrl.Create(settings.Mongo);
        var targets = new CommandFailure.Targets(Postgres: StoreConnections.DescribePostgres(settings.Postgres!), Mongo: StoreConnections.DescribeMongo(mongoUrl));
        var started = DateTimeOffset.UtcNow;
        try
        {
            await using var postgres = NpgsqlDataSource.Create(settings.Postgres!);
            await SchemaCheck.RequireCurrentAsync(postgres, cancellationToken);
            using var client = new MongoClient(mongoUrl);
            var events = client.GetDatabase(StoreConnections.MongoDatabase(mongoUrl));

            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Reading which days the event log at {targets.Mongo} holds...");
            var span = await new EventLogReader(events).SpanAsync(cancellationToken)
                ?? throw new BackfillRefusedException($"The event log at {targets.Mongo} holds no events: nothing to rebuild from.");
            var range = BackfillRange.Resolve(settings.FromDay, settings.ToDay, span, started);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"Rebuilding {range} ({range.Days} days) at {targets.Postgres} from the events at {targets.Mongo} received before {started.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z.");

            var summary = await RunWithProgressAsync(new AggregatesBackfill(events, postgres), range, started, settings, cancellationToken);
            // The replacement committed: it is recorded even if the operator presses Ctrl+C now.
            await OpsAudit.RecordAsync(postgres, AuditActions.AggregatesBackfilled, range.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"{summary.Replaced.PostDaysWritten} post days, {summary.Replaced.UserDaysWritten} user days written from {targets.Mongo}"),
                CancellationToken.None);
            Render(summary);
            return 0;
        }
        // Cancelled, however the client says it (Npgsql reports a connect cut short as a timeout).
        catch (Exception exception) when (cancellationToken.IsCancellationRequested && (exception is OperationCanceledException || CommandFailure.IsExpected(exception)))
        {
            return CommandFailure.ReportCancelled("nothing was replaced (the transaction, if begun, was rolled back).");
        }
        catch (Exception exception) when (CommandFailure.IsExpected(exception))
        {
            return CommandFailure.Report(exception, targets);
        }
    }

    private static async Task<AggregatesBackfillSummary> RunWithProgressAsync(
        AggregatesBackfill backfill, DayRange range, DateTimeOffset started, Settings settings, CancellationToken cancellationToken)
    {
        AggregatesBackfillSummary summary = null!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                // One line per phase: the phase before it stops when the next one reports.
                ProgressTask? current = null;
                string? phase = null;
                var report = new SyncProgress<BackfillProgress>(step =>
                {
                    if (current is null || phase != step.Phase)
                    {
                        current?.StopTask();
                        current = progress.AddTask(step.Phase).IsIndeterminate();
                        phase = step.Phase;
                    }
                    current.Description = step.Phase == AggregatesBackfill.Replacing
                        ? "replacing the range in one transaction"
                        : string.Create(CultureInfo.InvariantCulture, $"{step.Phase}: {step.Rows:N0} rows staged");
                });
                summary = await backfill.RunAsync(range, started, TimeSpan.FromDays(settings.DedupeRetentionDays), report, cancellationToken);
                current?.StopTask();
            });
        return summary;
    }

    private static void Render(AggregatesBackfillSummary summary)
    {
        static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
        var replaced = summary.Replaced;
        var table = new Table().AddColumns("aggregates backfill", "");
        table.AddRow("days", $"{summary.Range} ({summary.Range.Days})");
        table.AddRow("event-log groups read (post, user, user hour, like changes, follows)",
            $"{N(summary.PostGroups)}, {N(summary.UserGroups)}, {N(summary.UserHours)}, {N(summary.LikeChanges)}, {N(summary.FollowGroups)}");
        table.AddRow("post_daily_stats rows deleted, written", $"{N(replaced.PostDaysDeleted)}, {N(replaced.PostDaysWritten)}");
        table.AddRow("user_daily_activity rows deleted, written", $"{N(replaced.UserDaysDeleted)}, {N(replaced.UserDaysWritten)}");
        table.AddRow("user_hourly_activity rows deleted, written", $"{N(replaced.UserHoursDeleted)}, {N(replaced.UserHoursWritten)}");
        table.AddRow("post_stats rows recomputed, removed", $"{N(replaced.PostTotalsWritten)}, {N(replaced.PostTotalsDeleted)}");
        table.AddRow("event ids recorded (new of read)", $"{N(replaced.EventIdsRecorded)} of {N(summary.EventIds)}");
        table.AddRow("time", $"{summary.Elapsed.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture)} s");
        AnsiConsole.Write(table);
    }
}

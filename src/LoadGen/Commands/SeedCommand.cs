using System.ComponentModel;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pulse.Contracts.Events;
using Pulse.Contracts.Security;
using Pulse.Data;
using Pulse.Data.Seeding;
using Pulse.LoadGen.Seeding;
using Pulse.LoadGen.Simulation;
using Pulse.LoadGen.Traffic;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pulse.LoadGen.Commands;

/// <summary>
/// Seeds a whole Pulse: the relational seed (users, posts, follows) through the seed generator,
/// then historical events for the last days through <c>POST /api/events</c>, so Redis, the event
/// log and every aggregate are filled by the same path live traffic takes.
/// </summary>
public sealed class SeedCommand : AsyncCommand<SeedCommand.Settings>
{
    /// <summary>Events sent per scale unless --events says otherwise.</summary>
    public static readonly IReadOnlyDictionary<string, long> DefaultEvents = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        [SeedScale.Small.Name] = 100_000,
        [SeedScale.Demo.Name] = 1_000_000,
        [SeedScale.Large.Name] = 10_000_000,
    };

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--scale <SCALE>")]
        [Description("small (1,000 users, 10,000 posts, 100,000 events), demo (10,000 / 100,000 / 1,000,000) or large (100,000 / 1,000,000 / 10,000,000).")]
        [DefaultValue("small")]
        public string Scale { get; init; } = "small";

        [CommandOption("--api <URL>")]
        [Description("The Api. Default: Aspire's services__api__http__0, else http://localhost:5180.")]
        public string? Api { get; init; }

        [CommandOption("--key <KEY>")]
        [Description("An ingest or admin API key (or set PULSE_API_KEY).")]
        public string? Key { get; init; }

        [CommandOption("--postgres <CONNECTION>")]
        [Description("The Api's PostgreSQL, for the relational seed (or ConnectionStrings__pulse).")]
        public string? Postgres { get; init; }

        [CommandOption("--events <COUNT>")]
        [Description("Historical events to send (default by scale).")]
        public long? Events { get; init; }

        [CommandOption("--days <DAYS>")]
        [Description("Spread the events over the last N days, 1 to 7 (the Api accepts timestamps up to 7 days back).")]
        [DefaultValue(6)]
        public int Days { get; init; }

        [CommandOption("--concurrency <REQUESTS>")]
        [DefaultValue(4)]
        public int Concurrency { get; init; }

        [CommandOption("--seed <SEED>")]
        [DefaultValue(SeedRequest.DefaultRandomSeed)]
        public int RandomSeed { get; init; }

        public SeedScale? ParsedScale => SeedScale.TryParse(Scale, out var scale) ? scale : null;

        public long EventCount => Events ?? (ParsedScale is { } scale ? DefaultEvents[scale.Name] : 0);

        public override ValidationResult Validate() =>
            ParsedScale is null ? ValidationResult.Error($"--scale must be one of: {string.Join(", ", SeedScale.All.Select(s => s.Name))}.")
            : ApiTarget.Key(Key) is null ? ValidationResult.Error($"--key (or {ApiTarget.KeyVariable}) is required: an ingest or admin API key.")
            : ApiTarget.Postgres(Postgres) is null ? ValidationResult.Error("--postgres (or ConnectionStrings__pulse) is required for the relational seed.")
            : Events is < 0 ? ValidationResult.Error("--events must not be negative.")
            : Days is < 1 or > 7 ? ValidationResult.Error("--days must be 1 to 7: the Api refuses timestamps older than 7 days.")
            : Concurrency is < 1 or > 64 ? ValidationResult.Error("--concurrency must be 1 to 64.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var scale = settings.ParsedScale!;
        var postgres = ApiTarget.Postgres(settings.Postgres)!;
        using var api = new HttpClient { BaseAddress = new Uri(ApiTarget.Address(settings.Api)), Timeout = TimeSpan.FromSeconds(60) };
        api.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, ApiTarget.Key(settings.Key));
        try
        {
            var relational = await SeedRelationalAsync(postgres, scale, settings.RandomSeed, cancellationToken);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Relational seed: {relational.Message}");

            var graph = await GraphLoader.LoadAsync(postgres, new GraphLoader.Limits(scale.Users, scale.Posts, scale.Follows * 2), cancellationToken);
            // Leave an hour's margin inside the Api's window: a large seed sends for minutes.
            var to = DateTimeOffset.UtcNow.AddMinutes(-1);
            var from = to - TimeSpan.FromDays(settings.Days) + TimeSpan.FromHours(1);
            var rate = settings.EventCount / (to - from).TotalSeconds;
            var sender = new EventSender(api, TimeSpan.FromMinutes(2), why => AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[yellow]backing off:[/] {why}"));
            var history = new HistoricalEvents(sender, settings.Concurrency);

            HistoricalSummary summary = null!;
            if (settings.EventCount > 0)
            {
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask(string.Create(CultureInfo.InvariantCulture, $"{settings.EventCount:N0} events over {settings.Days} days"), maxValue: settings.EventCount);
                        var sending = history.SendAsync(Batches(graph, settings.RandomSeed, from, to, rate), settings.EventCount, cancellationToken);
                        var started = DateTimeOffset.UtcNow;
                        while (!sending.IsCompleted)
                        {
                            await Task.WhenAny(sending, Task.Delay(500, cancellationToken));
                            var done = history.Sent;
                            task.Value = done;
                            task.Description = string.Create(CultureInfo.InvariantCulture,
                                $"{done:N0} of {settings.EventCount:N0} events, {done / Math.Max(0.001, (DateTimeOffset.UtcNow - started).TotalSeconds):N0}/s");
                        }
                        summary = await sending;
                        task.Value = task.MaxValue;
                    });
            }

            var table = new Table().AddColumns("what", "count");
            table.AddRow("users, posts, follows", string.Create(CultureInfo.InvariantCulture, $"{graph.UserCount:N0}, {graph.PostCount:N0}, {graph.FollowCount:N0}"));
            if (summary is not null)
            {
                table.AddRow("events sent", summary.Sent.ToString("N0", CultureInfo.InvariantCulture));
                table.AddRow("accepted", summary.Accepted.ToString("N0", CultureInfo.InvariantCulture));
                table.AddRow("duplicates", summary.Duplicates.ToString("N0", CultureInfo.InvariantCulture));
                table.AddRow("refused", summary.RefusedEvents.ToString("N0", CultureInfo.InvariantCulture));
                table.AddRow("accepted events/s", summary.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            return summary is { RefusedEvents: > 0 } ? 1 : 0;
        }
        catch (Exception exception) when (exception is SeedConflictException or SimulationStoppedException or NpgsqlException or HttpRequestException or InvalidOperationException)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]Cannot seed:[/] {exception.Message}");
            return 1;
        }
    }

    /// <summary>
    /// The model's traffic over the window at the target rate, then further, thinner passes over
    /// the same window (other seeds) for as long as the caller reads: the model's count is random,
    /// and sending stops at the target, not at the window's end.
    /// </summary>
    private static IEnumerable<TrafficBatch> Batches(SocialGraph graph, int randomSeed, DateTimeOffset from, DateTimeOffset to, double rate)
    {
        var options = new TrafficOptions { RetryShare = 0, BatchSize = 1_000 };
        for (var pass = 0; ; pass++)
        {
            foreach (var batch in new TrafficModel(graph, options, randomSeed + pass).Historical(from, to, pass == 0 ? rate : rate / 10))
            {
                yield return batch;
            }
        }
    }

    private static async Task<SeedLoadSummary> SeedRelationalAsync(string postgres, SeedScale scale, int randomSeed, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(postgres);
        await using var db = new PulseDbContext(new DbContextOptionsBuilder<PulseDbContext>().UsePulsePostgres(dataSource).Options);
        await db.Database.MigrateAsync(cancellationToken);
        // No engagement history: the events below are the history, sent the way live traffic is.
        return await new SeedLoader(db).LoadAsync(new SeedRequest(scale, randomSeed, ActivityDays: 0), progress: null, cancellationToken);
    }
}

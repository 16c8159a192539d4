using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Security;
using Pulse.LoadGen.Simulation;
using Pulse.LoadGen.Traffic;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pulse.LoadGen.Commands;

/// <summary>
/// Realistic live traffic through <c>POST /api/events</c> at a steady rate, over the users, posts
/// and follows read (read-only) from PostgreSQL. Shows progress, ends with a summary, and can write
/// what it sent for comparison with Pulse's aggregates.
/// </summary>
public sealed class SimulateCommand : AsyncCommand<SimulateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--api <URL>")]
        [Description("The Api. Default: Aspire's services__api__http__0 when the AppHost starts this tool, else http://localhost:5180.")]
        public string? Api { get; init; }

        [CommandOption("--key <KEY>")]
        [Description("An ingest or admin API key (or set PULSE_API_KEY).")]
        public string? Key { get; init; }

        [CommandOption("--postgres <CONNECTION>")]
        [Description("The Api's PostgreSQL, read-only, for users, posts and follows (or ConnectionStrings__pulse); the Api lists none of them.")]
        public string? Postgres { get; init; }

        [CommandOption("--rate <EVENTS_PER_SECOND>")]
        [DefaultValue(100.0)]
        public double Rate { get; init; }

        [CommandOption("--diurnal")]
        [Description("Shape the traffic by the hour-of-day curve (busiest in the evening, UTC); --rate is then the day's mean.")]
        public bool Diurnal { get; init; }

        [CommandOption("--duration <DURATION>")]
        [Description("How long: 90s, 5m, 1h; 0 runs until Ctrl+C.")]
        [DefaultValue("60s")]
        public string Duration { get; init; } = "";

        [CommandOption("--seed <SEED>")]
        [Description("The same seed, graph and start time give the same traffic.")]
        [DefaultValue(1)]
        public int Seed { get; init; }

        [CommandOption("--batch-size <EVENTS>")]
        [Description("Most events per batch; a batch also closes after one second of traffic.")]
        [DefaultValue(200)]
        public int BatchSize { get; init; }

        [CommandOption("--zipf <EXPONENT>")]
        [Description("Post popularity: the post at rank r is viewed with weight r^-exponent.")]
        [DefaultValue(1.1)]
        public double Zipf { get; init; }

        [CommandOption("--views-per-session <MEAN>")]
        [DefaultValue(8.0)]
        public double ViewsPerSession { get; init; }

        [CommandOption("--like <PROBABILITY>")]
        [Description("Chance a post's first view in a session is liked.")]
        [DefaultValue(0.08)]
        public double Like { get; init; }

        [CommandOption("--comment <PROBABILITY>")]
        [DefaultValue(0.02)]
        public double Comment { get; init; }

        [CommandOption("--share <PROBABILITY>")]
        [DefaultValue(0.01)]
        public double Share { get; init; }

        [CommandOption("--unlike <PROBABILITY>")]
        [Description("Chance a like is taken back later in the session.")]
        [DefaultValue(0.05)]
        public double Unlike { get; init; }

        [CommandOption("--unfollow <PROBABILITY>")]
        [Description("Chance a session unfollows one of the accounts its user follows.")]
        [DefaultValue(0.02)]
        public double Unfollow { get; init; }

        [CommandOption("--retry-share <SHARE>")]
        [Description("Share of batches resent (whole or their tail) with the same event ids; Pulse must count them once.")]
        [DefaultValue(0.02)]
        public double RetryShare { get; init; }

        [CommandOption("--max-wait <DURATION>")]
        [Description("Longest total back-off (429, 503, no answer) for one batch before giving up.")]
        [DefaultValue("120s")]
        public string MaxWait { get; init; } = "";

        [CommandOption("--report <FILE>")]
        [Description("Write what was sent and accepted (unique events by type and by post) as JSON.")]
        public string? Report { get; init; }

        [CommandOption("--max-users <COUNT>")]
        [DefaultValue(100_000)]
        public int MaxUsers { get; init; }

        [CommandOption("--max-posts <COUNT>")]
        [Description("The newest posts of the users read.")]
        [DefaultValue(200_000)]
        public int MaxPosts { get; init; }

        [CommandOption("--max-follows <COUNT>")]
        [DefaultValue(2_000_000)]
        public int MaxFollows { get; init; }

        public string ApiAddress => ApiTarget.Address(Api);

        public string? ApiKey => ApiTarget.Key(Key);

        public string? PostgresConnection => ApiTarget.Postgres(Postgres);

        /// <summary>Null: until stopped.</summary>
        public TimeSpan? RunFor => DurationText.TryParse(Duration, out var duration) && duration > TimeSpan.Zero ? duration : null;

        public TimeSpan MaxBackoff => DurationText.TryParse(MaxWait, out var wait) ? wait : TimeSpan.Zero;

        public TrafficOptions TrafficOptions => new()
        {
            ZipfExponent = Zipf,
            ViewsPerSession = ViewsPerSession,
            LikeProbability = Like,
            CommentProbability = Comment,
            ShareProbability = Share,
            UnlikeProbability = Unlike,
            UnfollowProbability = Unfollow,
            RetryShare = RetryShare,
            BatchSize = BatchSize,
        };

        public override ValidationResult Validate() =>
            !Uri.TryCreate(ApiAddress, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https") ? ValidationResult.Error($"--api must be an absolute http(s) URL, not '{ApiAddress}'.")
            : string.IsNullOrWhiteSpace(ApiKey) ? ValidationResult.Error("--key (or PULSE_API_KEY) is required: an ingest or admin API key.")
            : string.IsNullOrWhiteSpace(PostgresConnection) ? ValidationResult.Error("--postgres (or ConnectionStrings__pulse) is required: the Api lists no users, posts or follows, so they are read from PostgreSQL.")
            : !ValidConnectionString(PostgresConnection) ? ValidationResult.Error("--postgres is not a valid PostgreSQL connection string.")
            : Rate is not (> 0 and <= 1_000_000) ? ValidationResult.Error("--rate must be above 0 and at most 1,000,000 events per second.")
            : !DurationText.TryParse(Duration, out _) ? ValidationResult.Error("--duration must be like 90s, 5m, 1h or 0 (until stopped).")
            : !DurationText.TryParse(MaxWait, out _) ? ValidationResult.Error("--max-wait must be like 30s or 5m.")
            : TrafficOptions.Problem() is { } problem ? ValidationResult.Error(problem)
            : MaxUsers < 1 || MaxPosts < 1 || MaxFollows < 0 ? ValidationResult.Error("--max-users and --max-posts must be positive, --max-follows not negative.")
            : Report is not null && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(Report))) ? ValidationResult.Error($"--report: the folder of '{Report}' does not exist.")
            : ValidationResult.Success();

        private static bool ValidConnectionString(string connectionString)
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(connectionString);
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C ends the run with its summary; a second one ends the process.
            e.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await RunAsync(settings, stop.Token);
        }
        catch (SimulationStoppedException stopped)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]simulate stopped:[/] {stopped.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine("[yellow]simulate cancelled before it started sending.[/]");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        using var api = new HttpClient { BaseAddress = new Uri(settings.ApiAddress), Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, settings.ApiKey);
        await CheckApiAsync(api, settings.ApiAddress, cancellationToken);

        SocialGraph graph;
        try
        {
            graph = await GraphLoader.LoadAsync(settings.PostgresConnection!, new GraphLoader.Limits(settings.MaxUsers, settings.MaxPosts, settings.MaxFollows), cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            throw new SimulationStoppedException($"Cannot read users, posts and follows from PostgreSQL: {exception.Message}");
        }
        if (graph.UserCount == 0 || graph.PostCount == 0)
        {
            throw new SimulationStoppedException("PostgreSQL holds no users or posts to simulate traffic over: seed it (e.g. --Pulse:Seed:Scale=small on the AppHost).");
        }

        var model = new TrafficModel(graph, settings.TrafficOptions, settings.Seed);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"Api {settings.ApiAddress}; {graph.UserCount:N0} users, {graph.PostCount:N0} posts, {graph.FollowCount:N0} follows; {settings.Rate:N0} events/s for {(settings.RunFor is { } d ? d.ToString() : "until Ctrl+C")}; {model.MeanEventsPerSession:0.0} events a session.");

        var tally = new SimulationTally();
        var startedAt = DateTimeOffset.UtcNow;
        var run = new SimulationRun(model, new EventSender(api, settings.MaxBackoff, status => tally.Status = status), tally, settings.Rate, settings.RunFor, settings.Diurnal);
        SimulationStoppedException? stopped = null;
        try
        {
            await run.RunAsync(startedAt, cancellationToken);
        }
        catch (SimulationStoppedException exception)
        {
            // Still show and write what was sent before it stopped.
            stopped = exception;
        }
        var endedAt = DateTimeOffset.UtcNow;

        AnsiConsole.Write(SimulationDisplay.Summary(tally, endedAt - startedAt));
        if (settings.Report is { } path)
        {
            await SimulationReport.From(tally, startedAt, endedAt, settings.ApiAddress, settings.Rate, settings.Seed).WriteAsync(path, CancellationToken.None);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Report written to {Path.GetFullPath(path)}.");
        }
        if (stopped is not null)
        {
            throw stopped;
        }
        if (tally.RefusedEvents > 0)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]The Api refused {tally.RefusedEvents:N0} events[/] (by status: {string.Join(", ", tally.RefusedBatches.Select(pair => $"{(int)pair.Key}: {pair.Value} batches"))}).");
            return 1;
        }
        return 0;
    }

    /// <summary>
    /// Is the Api there, and does it take the key? An empty batch is refused for being empty (400)
    /// only after the key passed, so it tells 401/403 apart without sending an event.
    /// </summary>
    private static async Task CheckApiAsync(HttpClient api, string address, CancellationToken cancellationToken)
    {
        HttpStatusCode status;
        try
        {
            using var response = await api.PostAsJsonAsync(EventSender.EventsPath, new IngestRequest([]), cancellationToken);
            status = response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SimulationStoppedException($"Cannot reach the Api at {address}: {exception.Message.TrimEnd('.')}. Is it running? Pass --api.");
        }
        switch (status)
        {
            case HttpStatusCode.Unauthorized:
                throw new SimulationStoppedException($"The Api at {address} refused the credentials (401): pass --key or set PULSE_API_KEY to an ingest or admin API key.");
            case HttpStatusCode.Forbidden:
                throw new SimulationStoppedException($"The Api at {address} refused the key (403): it lacks the ingest scope.");
            case HttpStatusCode.NotFound:
                throw new SimulationStoppedException($"{address} has no {EventSender.EventsPath} (404): is --api the Pulse Api?");
        }
    }
}

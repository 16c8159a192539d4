using System.ComponentModel;
using Npgsql;
using Pulse.LoadGen.Simulation;
using Pulse.LoadGen.Traffic;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pulse.LoadGen.Commands;

public sealed partial class SimulateCommand
{
    /// <summary>The options of <c>simulate</c>, their defaults and their checks.</summary>
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
}

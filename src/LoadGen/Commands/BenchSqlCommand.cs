using System.ComponentModel;
using System.Globalization;
using Npgsql;
using Pulse.LoadGen.Benchmarks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pulse.LoadGen.Commands;

/// <summary>
/// Runs every analytics query many times on a seeded database and prints p50/p95 with the plan
/// summary, as a table and as Markdown. Measures only: it asserts nothing.
/// </summary>
public sealed class BenchSqlCommand : AsyncCommand<BenchSqlCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-c|--connection <CONNECTION>")]
        [Description("PostgreSQL connection string of a seeded Pulse database.")]
        public string Connection { get; init; } = "";

        [CommandOption("--runs <RUNS>")]
        [Description("Measured runs per query.")]
        [DefaultValue(200)]
        public int Runs { get; init; }

        [CommandOption("--warmups <WARMUPS>")]
        [Description("Unmeasured runs per query first (caches, plans).")]
        [DefaultValue(20)]
        public int Warmups { get; init; }

        [CommandOption("--as-of <DATE>")]
        [Description("Last day of every window (yyyy-MM-dd); defaults to the newest day in post_daily_stats.")]
        public string? AsOf { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Connection) ? ValidationResult.Error("--connection is required.")
            : Runs < 1 ? ValidationResult.Error("--runs must be at least 1.")
            : Warmups < 0 ? ValidationResult.Error("--warmups cannot be negative.")
            : AsOf is not null && !DateOnly.TryParseExact(AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? ValidationResult.Error("--as-of must be a date as yyyy-MM-dd.")
                : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(settings.Connection);
        try
        {
            var (asOf, userId, postIds, postDailyRows) = await DescribeAsync(dataSource, settings.AsOf, cancellationToken);
            AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"Data: [bold]{postDailyRows:N0}[/] post_daily_stats rows; windows end on [bold]{asOf:yyyy-MM-dd}[/]; summary of user {userId} (the author with the most post-days: the heaviest summary).");

            var benchmark = new AnalyticsBenchmark(dataSource);
            var results = new List<AnalyticsResult>();
            await AnsiConsole.Progress().StartAsync(async progress =>
            {
                foreach (var @case in benchmark.Cases(asOf, userId, postIds))
                {
                    var task = progress.AddTask(@case.Name, maxValue: 1);
                    results.Add(await AnalyticsBenchmark.RunAsync(@case, settings.Warmups, settings.Runs, cancellationToken));
                    task.Increment(1);
                }
            });

            Render(results, settings.Runs);
            return 0;
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]Cannot benchmark:[/] {exception.Message}");
            return 1;
        }
    }

    private static async Task<(DateOnly AsOf, long UserId, long[] PostIds, long PostDailyRows)> DescribeAsync(NpgsqlDataSource dataSource, string? asOf, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select (select max(day) from post_daily_stats),
                   (select author_id from post_daily_stats group by author_id order by count(*) desc limit 1),
                   (select count(*) from post_daily_stats),
                   (select array_agg(post_id) from (select post_id from post_daily_stats group by post_id order by count(*) desc, post_id limit 10) busiest)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.IsDBNull(0) || reader.IsDBNull(1))
        {
            throw new InvalidOperationException("The database has no post_daily_stats: seed it with activity first (Pulse:Seed:ActivityDays).");
        }
        var day = asOf is null ? reader.GetFieldValue<DateOnly>(0) : DateOnly.ParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (day, reader.GetInt64(1), reader.GetFieldValue<long[]>(3), reader.GetInt64(2));
    }

    private static void Render(IReadOnlyList<AnalyticsResult> results, int runs)
    {
        var table = new Table().Title($"Analytics queries, {runs} runs each").AddColumns("query", "rows", "p50 ms", "p95 ms", "max ms", "EXPLAIN ms", "buffers hit/read", "plan");
        foreach (var result in results)
        {
            table.AddRow(
                result.Case.Name,
                result.Rows.ToString(CultureInfo.InvariantCulture),
                Format(result.Latency.Percentile(50)),
                Format(result.Latency.Percentile(95)),
                Format(result.Latency.Max),
                Format(result.Plan.ExecutionMs),
                $"{result.Plan.SharedHitBlocks}/{result.Plan.SharedReadBlocks}",
                Markup.Escape(result.Plan.TopNodes));
        }
        AnsiConsole.Write(table);

        AnsiConsole.WriteLine();
        Console.WriteLine("| query | endpoint | p50 ms | p95 ms | EXPLAIN ms | buffers hit/read | plan (top nodes; scans) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var result in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Case.Name} | `{result.Case.Endpoint}` | {Format(result.Latency.Percentile(50))} | {Format(result.Latency.Percentile(95))} | {Format(result.Plan.ExecutionMs)} | {result.Plan.SharedHitBlocks}/{result.Plan.SharedReadBlocks} | {result.Plan.TopNodes}; {result.Plan.ScanNodes} |"));
        }
    }

    private static string Format(double milliseconds) => milliseconds.ToString("0.00", CultureInfo.InvariantCulture);
}

using System.ComponentModel;
using System.Globalization;
using Npgsql;
using Pulse.LoadGen.Benchmarks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pulse.LoadGen.Commands;

/// <summary>
/// Measures, for <c>ingested_events</c>, dropping a day's partition against deleting the day in
/// batches, and what partitioning costs each insert, on copies of its shape it makes and drops
/// (<see cref="DedupeRetentionBenchmark"/>). Measures only: it asserts nothing.
/// </summary>
public sealed class BenchRetentionCommand : AsyncCommand<BenchRetentionCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-c|--connection <CONNECTION>")]
        [Description("PostgreSQL connection string; the benchmark creates and drops its own tables there (bench_dedupe_*).")]
        public string Connection { get; init; } = "";

        [CommandOption("--rows <ROWS>")]
        [Description("Ids filled into each copy, spread over the days.")]
        [DefaultValue(5_000_000L)]
        public long Rows { get; init; }

        [CommandOption("--days <DAYS>")]
        [Description("Days the ids span (the 7-day retention and the day being removed).")]
        [DefaultValue(8)]
        public int Days { get; init; }

        [CommandOption("--inserts <INSERTS>")]
        [Description("New ids inserted into each copy to compare insert cost.")]
        [DefaultValue(200_000)]
        public int Inserts { get; init; }

        [CommandOption("--delete-batch <SIZE>")]
        [Description("Ids per DELETE (the pruner's PruneBatchSize).")]
        [DefaultValue(5_000)]
        public int DeleteBatchSize { get; init; }

        [CommandOption("--insert-batch <SIZE>")]
        [Description("Ids per insert statement (the Ingestor's batch size).")]
        [DefaultValue(500)]
        public int InsertBatchSize { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Connection) ? ValidationResult.Error("--connection is required.")
            : Rows < Days ? ValidationResult.Error("--rows must be at least one a day.")
            : Days is < 2 or > 60 ? ValidationResult.Error("--days must be 2 to 60.")
            : Inserts < 1 || InsertBatchSize < 1 || DeleteBatchSize < 1 ? ValidationResult.Error("--inserts and the batch sizes must be at least 1.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(settings.Connection);
        var benchmark = new DedupeRetentionBenchmark(dataSource);
        try
        {
            if (await benchmark.ExistingTablesAsync(cancellationToken) > 0)
            {
                AnsiConsole.MarkupLine("[red]Cannot benchmark:[/] the bench_dedupe_* tables exist (a run that did not finish?): drop them first.");
                return 1;
            }
            var firstDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-settings.Days);
            RemovalResult deleted = null!, dropped = null!;
            (LatencySample Batched, LatencySample Partitioned) inserts = default;
            long batchedSize = 0, partitionedSize = 0;
            var filled = TimeSpan.Zero;
            await AnsiConsole.Status().StartAsync("Creating the copies", async status =>
            {
                await benchmark.CreateAsync(firstDay, settings.Days, cancellationToken);
                status.Status(string.Create(CultureInfo.InvariantCulture, $"Filling each copy with {settings.Rows:N0} ids over {settings.Days} days"));
                filled = await benchmark.FillAsync(firstDay, settings.Days, settings.Rows, cancellationToken);
                batchedSize = await benchmark.SizeAsync(DedupeRetentionBenchmark.Batched, cancellationToken);
                partitionedSize = await benchmark.SizeAsync(DedupeRetentionBenchmark.Partitioned, cancellationToken);
                status.Status(string.Create(CultureInfo.InvariantCulture, $"Inserting {settings.Inserts:N0} new ids into each"));
                inserts = await benchmark.InsertAsync(firstDay.AddDays(settings.Days), settings.Inserts, settings.InsertBatchSize, cancellationToken);
                status.Status("Deleting the oldest day in batches");
                deleted = await benchmark.DeleteDayAsync(firstDay, settings.DeleteBatchSize, cancellationToken);
                status.Status("Dropping the oldest day's partition");
                dropped = await benchmark.DropDayAsync(firstDay, cancellationToken);
            });
            Render(settings, filled, batchedSize, partitionedSize, inserts, deleted, dropped);
            return 0;
        }
        catch (NpgsqlException exception)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]Cannot benchmark:[/] {exception.Message}");
            return 1;
        }
        finally
        {
            await benchmark.DropAsync(CancellationToken.None);
        }
    }

    private static void Render(Settings settings, TimeSpan filled, long batchedSize, long partitionedSize,
        (LatencySample Batched, LatencySample Partitioned) inserts, RemovalResult deleted, RemovalResult dropped)
    {
        var rows = new List<string[]>
        {
            Row("size after the fill", Mib(batchedSize), Mib(partitionedSize)),
            Row($"insert p50 ms ({settings.InsertBatchSize} ids, ON CONFLICT DO NOTHING)", Ms(inserts.Batched.Percentile(50)), Ms(inserts.Partitioned.Percentile(50))),
            Row("insert p95 ms", Ms(inserts.Batched.Percentile(95)), Ms(inserts.Partitioned.Percentile(95))),
            Row("one day removed: ids", Count(deleted.Rows), Count(dropped.Rows)),
            Row("one day removed: statements", Count(deleted.Statements), $"{dropped.Statements} (DETACH, DROP)"),
            Row("one day removed: ms", Ms(deleted.Elapsed.TotalMilliseconds), Ms(dropped.Elapsed.TotalMilliseconds)),
            Row("one day removed: WAL", Mib(deleted.WalBytes), Mib(dropped.WalBytes)),
            Row("vacuum left to do, ms", Ms(deleted.Vacuum.TotalMilliseconds), "0"),
        };
        var table = new Table().Title(string.Create(CultureInfo.InvariantCulture, $"ingested_events: {settings.Rows:N0} ids over {settings.Days} days (filled in {filled.TotalSeconds:0} s)"))
            .AddColumns("", "one table, batched DELETE", "partitioned by day, DROP");
        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }
        AnsiConsole.Write(table);

        AnsiConsole.WriteLine();
        Console.WriteLine("| | one table, batched DELETE | partitioned by day, DROP |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var row in rows)
        {
            Console.WriteLine($"| {row[0]} | {row[1]} | {row[2]} |");
        }
    }

    private static string[] Row(string what, string batched, string partitioned) => [what, batched, partitioned];

    private static string Ms(double milliseconds) => milliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Mib(long bytes) => (bytes / 1024d / 1024d).ToString("0.0 'MiB'", CultureInfo.InvariantCulture);

    private static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}

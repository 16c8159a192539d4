using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Pulse.LoadGen.Benchmarks;

/// <summary>Everything one <c>bench</c> run measured.</summary>
public sealed record StandardResults(
    IReadOnlyList<RateStep> Steps,
    IReadOnlyList<(double Seconds, int Offered, long Lag)> LagOverTime,
    LatencySample Freshness,
    int FreshnessRate,
    IReadOnlyList<(string Name, LatencySample Latency)> Reads,
    IReadOnlyList<ProcessUsage> Processes,
    RedisCeiling RedisCeiling,
    double CopyRowsPerSecond,
    ThroughputResult Sink);

/// <summary>The Markdown <c>bench</c> prints and keeps in docs/benchmarks.md, between its markers.</summary>
public static class StandardReport
{
    public const string Start = "<!-- bench:start -->";
    public const string End = "<!-- bench:end -->";

    public static string Render(StandardResults results, string commit, string command, DateTimeOffset when)
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
        static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        static string R(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

        var ceiling = results.RedisCeiling.EventsPerSecond;
        var sustained = results.Steps.Where(step => step.LagBounded).Select(step => step.AcceptedPerSecond).DefaultIfEmpty(0).Max();
        Line(Start);
        Line(FormattableString.Invariant($"Produced by `{command}` on {when:yyyy-MM-dd HH:mm} UTC at commit `{commit}`: {Environment.ProcessorCount} cores, ") +
            FormattableString.Invariant($"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}. ") +
            "The Api, the Ingestor, PostgreSQL, Redis and the load generator share the machine.");
        Line();
        Line(string.Create(CultureInfo.InvariantCulture, $"**Sustained accept rate with bounded Ingestor lag: {N(sustained)} events/s**, {R(sustained / ceiling)} of the Redis ceiling ({N(ceiling)} events/s, below)."));
        Line();
        Line("| offered events/s | accepted events/s | vs Redis ceiling | refused batches | POST p50 ms | p95 ms | p99 ms | lag at end | drained in s | lag bounded |");
        Line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
        foreach (var step in results.Steps)
        {
            var latency = step.Latency.Count > 0
                ? $"{Ms(step.Latency.Percentile(50))} | {Ms(step.Latency.Percentile(95))} | {Ms(step.Latency.Percentile(99))}"
                : "- | - | -";
            Line($"| {N(step.OfferedPerSecond)} | {N(step.AcceptedPerSecond)} | {R(step.AcceptedPerSecond / ceiling)} | {step.Refused} | {latency} | {N(step.LagAtEnd)} | {step.DrainTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} | {(step.LagBounded ? "yes" : "no")} |");
        }
        Line();
        Line("Ingestor lag over time (`aggregates` group: entries not yet acknowledged, sampled every second, shown every 5 s):");
        Line();
        Line("| second | offered events/s | lag |");
        Line("|---:|---:|---:|");
        foreach (var (seconds, offered, lag) in results.LagOverTime.Where((_, i) => i % 5 == 0))
        {
            Line($"| {seconds.ToString("0", CultureInfo.InvariantCulture)} | {N(offered)} | {N(lag)} |");
        }
        Line();
        Line(string.Create(CultureInfo.InvariantCulture,
            $"Freshness at {N(results.FreshnessRate)} events/s (202 to visible in the PostgreSQL aggregates through the Api, {results.Freshness.Count} markers): p50 {Ms(results.Freshness.Percentile(50))} ms, p95 {Ms(results.Freshness.Percentile(95))} ms."));
        Line();
        Line("| read through the Api | p50 ms | p95 ms | p99 ms |");
        Line("|---|---:|---:|---:|");
        foreach (var (name, latency) in results.Reads)
        {
            Line($"| {name} | {Ms(latency.Percentile(50))} | {Ms(latency.Percentile(95))} | {Ms(latency.Percentile(99))} |");
        }
        Line();
        Line("| process, over the accept-rate steps | CPU, % of one core | peak memory MiB |");
        Line("|---|---:|---:|");
        foreach (var usage in results.Processes)
        {
            Line($"| {usage.Name} | {usage.CpuPercent.ToString("0", CultureInfo.InvariantCulture)} | {usage.PeakMemoryMiB.ToString("0", CultureInfo.InvariantCulture)} |");
        }
        Line();
        Line("| ceiling, same servers, same run | per second | Pulse | ratio |");
        Line("|---|---:|---:|---:|");
        foreach (var (name, perSecond) in results.RedisCeiling.Commands)
        {
            Line($"| redis-benchmark {name} (-P 16) | {N(perSecond)} | | |");
        }
        Line($"| Redis: one event's commands together | {N(ceiling)} | {N(sustained)} sustained accepts | {R(sustained / ceiling)} |");
        Line($"| PostgreSQL: binary COPY of event rows | {N(results.CopyRowsPerSecond)} | {N(results.Sink.EventsPerSecond)} aggregates sink alone | {R(results.Sink.EventsPerSecond / results.CopyRowsPerSecond)} |");
        Line(End);
        return md.ToString();
    }

    /// <summary>Replaces the section between the markers in <paramref name="path"/>, or appends it under its own heading.</summary>
    public static async Task WriteAsync(string path, string section, CancellationToken cancellationToken)
    {
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : "# Benchmarks\n";
        var start = text.IndexOf(Start, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        text = start >= 0 && end > start
            ? text[..start] + section.TrimEnd('\n') + text[(end + End.Length)..]
            : text.TrimEnd('\n') + "\n\n## Standard benchmark (`bench`)\n\n" + section;
        await File.WriteAllTextAsync(path, text, cancellationToken);
    }
}

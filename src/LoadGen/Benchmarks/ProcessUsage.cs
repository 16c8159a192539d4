using System.Diagnostics;
using System.Globalization;

namespace Pulse.LoadGen.Benchmarks;

/// <summary>CPU (percent of one core, averaged) and peak resident memory of one kind of process over a measurement.</summary>
public sealed record ProcessUsage(string Name, double CpuPercent, double PeakMemoryMiB);

/// <summary>
/// Watches Pulse's processes on this machine by their kernel name (the Api and Ingestor apphosts,
/// redis-server, postgres; every process of a name summed), from <c>/proc</c>: CPU time between two
/// points and the peak resident set. Read from /proc rather than <see cref="Process"/>, because
/// Redis and PostgreSQL rewrite their command lines, which .NET takes their names from.
/// </summary>
public sealed class ProcessWatch(IReadOnlyList<string> names)
{
    public static readonly IReadOnlyList<string> PulseProcesses = ["Pulse.Api", "Pulse.Ingestor", "redis-server", "postgres"];

    // Linux's USER_HZ (clock ticks in /proc/*/stat) and page size on every platform .NET runs on.
    private const double TicksPerSecond = 100;
    private const long PageBytes = 4096;

    private readonly Dictionary<string, long> ticksAtStart = [];
    private readonly Dictionary<string, long> peakBytes = [];
    private long startedAt;

    public void Start()
    {
        startedAt = Stopwatch.GetTimestamp();
        var now = Read();
        foreach (var name in names)
        {
            ticksAtStart[name] = now.GetValueOrDefault(name).Ticks;
            peakBytes[name] = 0;
        }
    }

    /// <summary>Records the current resident sets; call it now and then during the measurement.</summary>
    public void Sample()
    {
        foreach (var (name, usage) in Read())
        {
            peakBytes[name] = Math.Max(peakBytes.GetValueOrDefault(name), usage.Bytes);
        }
    }

    public IReadOnlyList<ProcessUsage> Stop()
    {
        Sample();
        var wall = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        var now = Read();
        return [.. names.Select(name => new ProcessUsage(
            name,
            (now.GetValueOrDefault(name).Ticks - ticksAtStart[name]) / TicksPerSecond / wall * 100,
            peakBytes[name] / (1024.0 * 1024.0)))];
    }

    /// <summary>CPU ticks (user + system) and resident bytes, summed per watched name.</summary>
    private Dictionary<string, (long Ticks, long Bytes)> Read()
    {
        var totals = new Dictionary<string, (long Ticks, long Bytes)>(StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            // pid (comm) state ...: comm may hold spaces, so split after its closing parenthesis.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open)
            {
                continue;
            }
            var name = stat[(open + 1)..close];
            if (!names.Contains(name))
            {
                continue;
            }
            var fields = stat[(close + 2)..].Split(' ');
            // After comm: [0] state ... [11] utime, [12] stime, [21] rss (pages).
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            var bytes = long.Parse(fields[21], CultureInfo.InvariantCulture) * PageBytes;
            var total = totals.GetValueOrDefault(name);
            totals[name] = (total.Ticks + ticks, total.Bytes + bytes);
        }
        return totals;
    }
}

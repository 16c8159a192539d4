using System.Diagnostics;

namespace Pulse.LoadGen.Benchmarks;

/// <summary>CPU (percent of one core, averaged) and peak resident memory of one kind of process over a measurement.</summary>
public sealed record ProcessUsage(string Name, double CpuPercent, double PeakMemoryMiB);

/// <summary>
/// Watches Pulse's processes on this machine by name (the Api and Ingestor apphosts, redis-server,
/// postgres: all processes of a name summed): CPU time between two points, and the peak working set.
/// </summary>
public sealed class ProcessWatch(IReadOnlyList<string> names)
{
    public static readonly IReadOnlyList<string> PulseProcesses = ["Pulse.Api", "Pulse.Ingestor", "redis-server", "postgres"];

    private readonly Dictionary<string, TimeSpan> cpuAtStart = [];
    private readonly Dictionary<string, long> peakBytes = [];
    private long startedAt;

    public void Start()
    {
        startedAt = Stopwatch.GetTimestamp();
        foreach (var name in names)
        {
            cpuAtStart[name] = Sum(name, process => process.TotalProcessorTime);
            peakBytes[name] = 0;
        }
    }

    /// <summary>Records the current working sets; call it now and then during the measurement.</summary>
    public void Sample()
    {
        foreach (var name in names)
        {
            var bytes = Processes(name).Sum(process => Safely(process, p => p.WorkingSet64));
            peakBytes[name] = Math.Max(peakBytes.GetValueOrDefault(name), bytes);
        }
    }

    public IReadOnlyList<ProcessUsage> Stop()
    {
        Sample();
        var wall = Stopwatch.GetElapsedTime(startedAt);
        return [.. names.Select(name => new ProcessUsage(
            name,
            (Sum(name, process => process.TotalProcessorTime) - cpuAtStart[name]) / wall * 100,
            peakBytes[name] / (1024.0 * 1024.0)))];
    }

    private static TimeSpan Sum(string name, Func<Process, TimeSpan> value) =>
        Processes(name).Aggregate(TimeSpan.Zero, (total, process) => total + Safely(process, value));

    private static Process[] Processes(string name) => Process.GetProcessesByName(name);

    /// <summary>A process may end between listing and reading it.</summary>
    private static T Safely<T>(Process process, Func<Process, T> read) where T : struct
    {
        try
        {
            return read(process);
        }
        catch (InvalidOperationException)
        {
            return default;
        }
        finally
        {
            process.Dispose();
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Pulse.LoadGen.Benchmarks;

/// <summary>One line of <c>redis-benchmark -q</c>: a command and the requests per second it reached.</summary>
public sealed record RedisBenchmarkLine(string Command, double RequestsPerSecond);

/// <summary>Runs Redis's own <c>redis-benchmark</c> against the same server, as the yardstick.</summary>
public static partial class RedisBenchmarkTool
{
    public static async Task<IReadOnlyList<RedisBenchmarkLine>> RunAsync(string host, int port, int requests, int pipeline, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("redis-benchmark",
            ["-h", host, "-p", port.ToString(CultureInfo.InvariantCulture), "-n", requests.ToString(CultureInfo.InvariantCulture),
             "-P", pipeline.ToString(CultureInfo.InvariantCulture), "-q", "-t", "set,incr,zadd"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-benchmark did not start");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-benchmark exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync(cancellationToken)}");
        }
        // -q prints progress with carriage returns before each final line.
        return [.. output.Split('\n', '\r')
            .Select(line => ResultLine().Match(line))
            .Where(match => match.Success)
            .Select(match => new RedisBenchmarkLine(match.Groups["command"].Value, double.Parse(match.Groups["rps"].Value, CultureInfo.InvariantCulture)))];
    }

    /// <summary>
    /// Requests per second of one arbitrary command (<c>__rand_int__</c> in it is replaced by a
    /// random number below <paramref name="keyspace"/> on each call).
    /// </summary>
    public static async Task<double> RunCommandAsync(string host, int port, string? password, int requests, int pipeline, int keyspace, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("redis-benchmark")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture), "-n", requests.ToString(CultureInfo.InvariantCulture),
                     "-P", pipeline.ToString(CultureInfo.InvariantCulture), "-r", keyspace.ToString(CultureInfo.InvariantCulture), "-q" })
        {
            start.ArgumentList.Add(arg);
        }
        if (password is not null)
        {
            start.ArgumentList.Add("-a");
            start.ArgumentList.Add(password);
        }
        foreach (var arg in command)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-benchmark did not start");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var match = output.Split('\n', '\r').Select(line => AnyResultLine().Match(line)).LastOrDefault(found => found.Success);
        return process.ExitCode == 0 && match is not null
            ? double.Parse(match.Groups["rps"].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"redis-benchmark {string.Join(' ', command.Take(1))} failed ({process.ExitCode}): {output}{await process.StandardError.ReadToEndAsync(cancellationToken)}");
    }

    [GeneratedRegex(@": (?<rps>[0-9.]+) requests per second")]
    private static partial Regex AnyResultLine();

    [GeneratedRegex(@"^(?<command>[A-Z]+): (?<rps>[0-9.]+) requests per second")]
    private static partial Regex ResultLine();
}

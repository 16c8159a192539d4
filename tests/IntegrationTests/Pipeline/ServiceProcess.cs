using System.Diagnostics;
using Pulse.Contracts;

namespace Pulse.IntegrationTests.Pipeline;

/// <summary>
/// One of Pulse's services run from the build next to the tests, as a process of its own, so a test
/// can kill it with SIGKILL as a crash would: its stores, its settings, and its output read line by line.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServiceProcess(Process process) => this.process = process;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <param name="executable">The service's apphost in the test's output folder (<c>Pulse.Api</c>, <c>Pulse.Ingestor</c>).</param>
    /// <param name="settings">Configuration keys (<c>Pulse:Ingestor:BatchSize</c>) and their values, given as environment variables.</param>
    /// <param name="onOutput">Called with each line the service writes to standard output.</param>
    public static ServiceProcess Start(string executable, string postgres, string redis, IReadOnlyDictionary<string, string> settings, Action<string>? onOutput = null)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, executable))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[$"ConnectionStrings__{ResourceNames.PulseDatabase}"] = postgres;
        start.Environment[$"ConnectionStrings__{ResourceNames.Redis}"] = redis;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } data)
            {
                onOutput?.Invoke(data);
            }
        };
        // Read, so a full pipe never blocks the service.
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(process);
    }

    /// <summary>SIGKILL: no shutdown hooks, no finishing the work in flight.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}

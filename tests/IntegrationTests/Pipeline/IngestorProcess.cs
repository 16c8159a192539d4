using System.Diagnostics;
using Pulse.Contracts;

namespace Pulse.IntegrationTests.Pipeline;

/// <summary>
/// The real Ingestor as a process of its own (the build copies it next to the tests), so a test
/// can kill it with SIGKILL mid-batch and start it again, as a crash and a restart would.
/// </summary>
public sealed class IngestorProcess(string postgres, string redis, IReadOnlyDictionary<string, string>? settings = null) : IAsyncDisposable
{
    private const string ListeningLine = "Now listening on: ";

    private Process? process;
    private TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Starts { get; private set; }

    public bool IsRunning => process is { HasExited: false };

    /// <summary>
    /// Where the latest start listens for HTTP (its <c>/health</c> and <c>/alive</c>), as it logged it:
    /// it takes a free port of its own.
    /// </summary>
    public Task<Uri> Address => listening.Task;

    public void Start()
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Pulse.Ingestor"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[$"ConnectionStrings__{ResourceNames.PulseDatabase}"] = postgres;
        start.Environment[$"ConnectionStrings__{ResourceNames.Redis}"] = redis;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Where Kestrel listens is logged at Information, by this category.
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        // The same name after every restart: the replica reads its own unacknowledged entries first.
        start.Environment["Pulse__Ingestor__ConsumerName"] = "crash-test-replica";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = listening;
        process = Process.Start(start) ?? throw new InvalidOperationException("The Ingestor did not start.");
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.IndexOf(ListeningLine, StringComparison.Ordinal) is >= 0 and var at)
            {
                started.TrySetResult(new Uri(line.Data[(at + ListeningLine.Length)..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Starts++;
    }

    /// <summary>SIGKILL: no shutdown hooks, no finishing the batch in flight.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}

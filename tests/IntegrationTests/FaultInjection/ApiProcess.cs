using System.Diagnostics;
using System.Globalization;
using Pulse.Contracts;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.FaultInjection;

/// <summary>
/// The real Api as a process of its own (the build copies it next to the tests) on a port it keeps
/// across restarts, so a test can kill it with SIGKILL mid-request and start it again, as a crash
/// and a restart would.
/// </summary>
public sealed class ApiProcess(string postgres, string redis, IReadOnlyDictionary<string, string> settings) : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly int port = FreePort.Find();
    private Process? process;

    public Uri BaseAddress => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

    public int Starts { get; private set; }

    /// <summary>Starts the Api and waits until it answers <c>/alive</c>.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Pulse.Api"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[$"ConnectionStrings__{ResourceNames.PulseDatabase}"] = postgres;
        start.Environment[$"ConnectionStrings__{ResourceNames.Redis}"] = redis;
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        process = Process.Start(start) ?? throw new InvalidOperationException("The Api did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Starts++;

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.ReturnsAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The Api exited with {process.ExitCode} while starting.");
            }
            try
            {
                using var alive = await probe.GetAsync("/alive");
                return alive.IsSuccessStatusCode;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, ready => ready, StartTimeout, $"the Api on port {port} to answer /alive");
    }

    /// <summary>SIGKILL: no shutdown hooks, no finishing the requests in flight.</summary>
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

using System.Globalization;
using Pulse.IntegrationTests.Pipeline;
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
    private ServiceProcess? process;

    public Uri BaseAddress => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

    public int Starts { get; private set; }

    /// <summary>Starts the Api and waits until it answers <c>/alive</c>.</summary>
    public async Task StartAsync()
    {
        process = ServiceProcess.Start("Pulse.Api", postgres, redis, new Dictionary<string, string>(settings) { ["ASPNETCORE_URLS"] = BaseAddress.ToString() });
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
        if (process is not null)
        {
            await process.DisposeAsync();
        }
        process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}

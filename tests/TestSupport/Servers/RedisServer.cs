using System.Diagnostics;
using Pulse.AppHost.Hosting.Local;
using StackExchange.Redis;

namespace Pulse.TestSupport.Servers;

/// <summary>
/// A real <c>redis-server</c> (Debian's package) started by the test run on a free loopback port,
/// without persistence, and stopped with its folder removed afterwards. Use as a class or
/// collection fixture.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("pulse-test-redis-");
    private Process? process;

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port},allowAdmin=true";

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // The same redis-server local mode runs, found by the AppHost's own search.
        var executable = LocalServerBinaries.Find().RedisServer
            ?? throw new InvalidOperationException("redis-server is not installed: apt-get install redis-server (test.sh does).");
        Port = FreePort.Find();

        process = Process.Start(new ProcessStartInfo(executable,
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.FullName])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // A fixture whose InitializeAsync failed is never disposed: the server must not outlive the test run.
        AppDomain.CurrentDomain.ProcessExit += StopOnExit;

        Connection = await Eventually.ReturnsAsync(TryConnectAsync, connection => connection is not null, StartTimeout, $"redis-server on port {Port} to answer")
            ?? throw new InvalidOperationException("unreachable");
    }

    /// <summary>Removes every key, so each test starts from an empty server.</summary>
    public Task FlushAsync() => Connection.GetServer(Connection.GetEndPoints()[0]).FlushAllDatabasesAsync();

    private async Task<ConnectionMultiplexer?> TryConnectAsync()
    {
        if (process!.HasExited)
        {
            throw new InvalidOperationException($"redis-server exited with code {process.ExitCode}");
        }
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",abortConnect=true,connectTimeout=1000");
        }
        catch (RedisConnectionException)
        {
            return null;
        }
    }

    private void StopOnExit(object? sender, EventArgs e)
    {
        try
        {
            if (process is { HasExited: false })
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        directory.Delete(recursive: true);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Pulse.AppHost.Hosting.Local;
using StackExchange.Redis;

namespace Pulse.TestSupport.Servers;

/// <summary>
/// A real <c>redis-server</c> (Debian's package) started by the test run on a free loopback port,
/// without persistence, and stopped with its folder removed afterwards. Use as a class or
/// collection fixture.
/// </summary>
/// <remarks>
/// A free port can be taken by another process between finding it and the server binding it (the
/// test projects run at once, each starting servers). So the server that answers must prove to be
/// ours (its process id), and a start that lost its port is tried again on another.
/// </remarks>
public sealed class RedisServer : IAsyncLifetime
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("pulse-test-redis-");
    private readonly ConcurrentQueue<string> serverOutput = new();
    private Process? process;

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port},allowAdmin=true";

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // The same redis-server local mode runs, found by the AppHost's own search.
        var executable = LocalServerBinaries.Find().RedisServer
            ?? throw new InvalidOperationException("redis-server is not installed: apt-get install redis-server (test.sh does).");
        // A fixture whose InitializeAsync failed is never disposed: the server must not outlive the test run.
        AppDomain.CurrentDomain.ProcessExit += StopOnExit;

        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Find();
            process = StartServer(executable);
            var connection = await Eventually.ReturnsAsync(TryConnectAsync, answered => answered.Connection is not null || answered.Exited, StartTimeout, $"redis-server on port {Port} to answer");
            if (connection.Connection is not null && await IsOursAsync(connection.Connection))
            {
                Connection = connection.Connection;
                return;
            }
            if (connection.Connection is not null)
            {
                await connection.Connection.DisposeAsync();
            }
            await StopServerAsync();
            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException(
                    $"redis-server could not take a free port in {StartAttempts} attempts; it said: {string.Join(" | ", serverOutput)}");
            }
        }
    }

    /// <summary>
    /// Publishes <paramref name="messages"/> on <paramref name="channel"/> in one pipelined batch, in
    /// order: a burst, for tests of whether subscribers keep that order.
    /// </summary>
    public async Task PublishBurstAsync(string channel, IEnumerable<string> messages)
    {
        var batch = Connection.GetDatabase().CreateBatch();
        var sends = messages.Select(message => batch.PublishAsync(RedisChannel.Literal(channel), message)).ToArray();
        batch.Execute();
        await Task.WhenAll(sends);
    }

    /// <summary>Kills the server, as an outage would; its port stays closed until the fixture is disposed.</summary>
    public Task StopAsync() => StopServerAsync();

    /// <summary>Removes every key, so each test starts from an empty server.</summary>
    public Task FlushAsync() => Connection.GetServer(Connection.GetEndPoints()[0]).FlushAllDatabasesAsync();

    private Process StartServer(string executable)
    {
        serverOutput.Clear();
        var started = Process.Start(new ProcessStartInfo(executable,
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.FullName])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        started.OutputDataReceived += (_, line) => Keep(line.Data);
        started.ErrorDataReceived += (_, line) => Keep(line.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    private void Keep(string? line)
    {
        if (line is not null && serverOutput.Count < 50)
        {
            serverOutput.Enqueue(line);
        }
    }

    private async Task<(ConnectionMultiplexer? Connection, bool Exited)> TryConnectAsync()
    {
        if (process!.HasExited)
        {
            return (null, true);
        }
        try
        {
            return (await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",abortConnect=true,connectTimeout=1000"), false);
        }
        catch (RedisConnectionException)
        {
            return (null, false);
        }
    }

    /// <summary>Whether the server answering on the port is the process this fixture started.</summary>
    private async Task<bool> IsOursAsync(ConnectionMultiplexer connection)
    {
        var info = await connection.GetServer(connection.GetEndPoints()[0]).InfoAsync("server");
        var processId = info.SelectMany(group => group).FirstOrDefault(pair => pair.Key == "process_id").Value;
        return processId == process!.Id.ToString(CultureInfo.InvariantCulture);
    }

    private async Task StopServerAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        process = null;
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
        await StopServerAsync();
        directory.Delete(recursive: true);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Pulse.AppHost.Hosting.Local;
using StackExchange.Redis;

namespace Pulse.TestSupport.Servers;

/// <summary>
/// A real <c>redis-server</c> (Debian's package) started by the test run on a free loopback port,
/// without persistence, and stopped with its folder removed afterwards. Use as a class or
/// collection fixture; <see cref="ClusterNode"/> starts one as a node of a Redis Cluster
/// (<see cref="RedisClusterServer"/> joins three).
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

    /// <summary>
    /// Starts the server with <c>--cluster-enabled yes</c>, its cluster bus on a free port of its
    /// own (the default, <see cref="Port"/> + 10000, can be past 65535 or taken) and its node
    /// table in its folder.
    /// </summary>
    public bool ClusterNode { get; init; }

    /// <summary>
    /// Null: no persistence. Otherwise the server keeps an append-only file in its folder, with this
    /// <c>appendfsync</c> policy (<c>always</c>, <c>everysec</c>), so <see cref="RestartAsync"/>
    /// brings back what it had written to the file.
    /// </summary>
    public string? AppendFsync { get; init; }

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
        string[] cluster = ClusterNode
            ? ["--cluster-enabled", "yes", "--cluster-port", FreePort.Find().ToString(CultureInfo.InvariantCulture), "--cluster-config-file", "nodes.conf"]
            : [];
        string[] persistence = AppendFsync is { } fsync ? ["--appendonly", "yes", "--appendfsync", fsync] : ["--appendonly", "no"];
        var started = Process.Start(new ProcessStartInfo(executable,
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", .. persistence, "--dir", directory.FullName, .. cluster])
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

    /// <summary>SIGKILL, as a machine that dies: the server stops answering at once.</summary>
    public Task KillAsync() => StopServerAsync();

    /// <summary>
    /// Starts the server again on its port and folder after <see cref="KillAsync"/>, as a restarted
    /// machine would: with <see cref="AppendFsync"/> it loads its append-only file. Clients reconnect by themselves.
    /// </summary>
    public async Task RestartAsync()
    {
        var executable = LocalServerBinaries.Find().RedisServer!;
        process = StartServer(executable);
        var connection = await Eventually.ReturnsAsync(TryConnectAsync, answered => answered.Connection is not null || answered.Exited, StartTimeout, $"redis-server on port {Port} to answer again");
        if (connection.Connection is null || !await IsOursAsync(connection.Connection))
        {
            throw new InvalidOperationException($"redis-server could not start again on port {Port}; it said: {string.Join(" | ", serverOutput)}");
        }
        await connection.Connection.DisposeAsync();
    }

    /// <summary>Sends <paramref name="signal"/> (<c>STOP</c>, <c>CONT</c>) to the server, as <c>kill -STOP</c> would: a process that hangs, and resumes.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", process!.Id.ToString(CultureInfo.InvariantCulture)])) ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} exited with {kill.ExitCode}");
        }
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

using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Pulse.AppHost.Hosting.Local;

namespace Pulse.TestSupport.Servers;

/// <summary>
/// A real PostgreSQL (Debian's package) started by the test run: a throwaway cluster on a free
/// loopback port, removed afterwards. Durability is switched off, as nothing here must survive a
/// crash. PostgreSQL refuses to run as root, so as root it runs as the 'postgres' user. Each test
/// class takes a database of its own from <see cref="CreateDatabaseAsync"/>. Use as a class or
/// collection fixture.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("pulse-test-postgres-");
    private Process? server;
    private int databases;
    private string[] serverArgs = [];
    private string postgres = "";
    private bool asRoot;

    public int Port { get; private set; }

    /// <summary>Connection string for the server's <c>postgres</c> database.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            // Each test database gets few connections; pooling across many databases would hold many.
            MaxPoolSize = 20,
        }.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        var bin = FindBinDirectory();
        var data = Path.Combine(root.FullName, "data");
        Directory.CreateDirectory(data);
        asRoot = Environment.IsPrivilegedProcess;
        if (asRoot)
        {
            // The server runs as 'postgres', who must own the cluster and reach it through /tmp.
            await RunAsync("chown", ["-R", "postgres:postgres", root.FullName]);
        }

        await RunAsync(Path.Combine(bin, "initdb"), ["--pgdata", data, "--username", "postgres", "--auth", "trust", "--encoding", "UTF8", "--locale", "C.UTF-8"], asRoot);

        postgres = Path.Combine(bin, "postgres");
        // A fixture whose InitializeAsync failed is never disposed: the server must not outlive the test run.
        AppDomain.CurrentDomain.ProcessExit += StopOnExit;

        // A free port can be taken by another process before the server binds it (the test projects
        // run at once, each starting servers): a start that lost its port is tried again on another,
        // and the server that answers must prove to be ours (its data directory).
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Find();
            serverArgs =
            [
                "-D", data, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", data, "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300",
            ];
            server = Start(postgres, serverArgs, asRoot);
            var answered = await WaitUntilStartedAsync();
            if (answered == ServerState.Ready && await DataDirectoryAsync() == data)
            {
                return;
            }
            await StopAsync();
            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException($"PostgreSQL could not take a free port in {StartAttempts} attempts (last: {Port}, {answered}).");
            }
        }
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port and data.</summary>
    public async Task StartAsync()
    {
        server?.Dispose();
        server = Start(postgres, serverArgs, asRoot);
        if (await WaitUntilStartedAsync() == ServerState.Exited)
        {
            throw new InvalidOperationException($"postgres exited with code {server.ExitCode}");
        }
        // The stop cut every pooled connection of this process; the next ones must be new.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Stops the server (fast shutdown: open connections are cut), as an outage would.</summary>
    public async Task StopAsync()
    {
        if (server is { HasExited: false })
        {
            // SIGINT: fast shutdown.
            await RunAsync("kill", ["-INT", server.Id.ToString(CultureInfo.InvariantCulture)]);
            // WaitForExitAsync also waits for the end of the server's output, which a process that
            // inherited it can hold open after the server is gone (seen once under a full test run:
            // two fixtures' disposals waited for ever on servers no longer running). The exit itself
            // is what matters; a server that has not exited by then is killed.
            using var patience = new CancellationTokenSource(StopTimeout);
            try
            {
                await server.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException) when (patience.IsCancellationRequested)
            {
                if (!server.HasExited)
                {
                    server.Kill(entireProcessTree: true);
                    server.WaitForExit(StopTimeout);
                }
            }
        }
    }

    /// <summary>A new, empty database on this server; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"{Sanitize(purpose)}_{Interlocked.Increment(ref databases)}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private enum ServerState { Starting, Ready, Exited }

    /// <summary>Ready (accepting connections) or exited (e.g. its port was taken), whichever comes first.</summary>
    private Task<ServerState> WaitUntilStartedAsync() =>
        Eventually.ReturnsAsync(ProbeAsync, state => state != ServerState.Starting, StartTimeout, $"PostgreSQL on port {Port} to accept connections");

    private async Task<ServerState> ProbeAsync()
    {
        if (server!.HasExited)
        {
            return ServerState.Exited;
        }
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString);
            await connection.OpenAsync();
            return ServerState.Ready;
        }
        catch (NpgsqlException)
        {
            return ServerState.Starting;
        }
    }

    private async Task<string?> DataDirectoryAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW data_directory", connection);
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>The same PostgreSQL local mode runs: the AppHost's own search (PATH, then the newest Debian version).</summary>
    private static string FindBinDirectory() =>
        LocalServerBinaries.Find().PostgresBinDirectory
        ?? throw new InvalidOperationException("PostgreSQL is not installed: apt-get install postgresql (test.sh does).");

    private static string Sanitize(string purpose) =>
        new([.. purpose.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(40)]);

    private static ProcessStartInfo StartInfo(string executable, string[] args, bool asPostgresUser) =>
        new(asPostgresUser ? "setpriv" : executable, asPostgresUser ? ["--reuid=postgres", "--regid=postgres", "--init-groups", executable, .. args] : args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

    private static Process Start(string executable, string[] args, bool asPostgresUser)
    {
        var start = StartInfo(executable, args, asPostgresUser);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunAsync(string executable, string[] args, bool asPostgresUser = false)
    {
        using var process = Process.Start(StartInfo(executable, args, asPostgresUser)) ?? throw new InvalidOperationException($"{executable} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private void StopOnExit(object? sender, EventArgs e)
    {
        try
        {
            if (server is { HasExited: false })
            {
                server.Kill();
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
        NpgsqlConnection.ClearAllPools();
        await StopAsync();
        server?.Dispose();
        root.Delete(recursive: true);
    }
}

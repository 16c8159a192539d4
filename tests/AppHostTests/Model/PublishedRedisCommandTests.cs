using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Pulse.AppHost.Hosting.Local;
using Pulse.AppHostTests.Support;
using Pulse.Contracts;
using Pulse.TestSupport;

namespace Pulse.AppHostTests.Model;

/// <summary>
/// The Redis container's published command line, run as its container would run it (<c>/bin/sh -c</c>
/// with the passwords in the environment), on this machine's redis-server: no container can run here,
/// but the shell quoting and the ACL user it sets up can be checked for real.
/// </summary>
public sealed class PublishedRedisCommandTests(PublishedManifest manifest) : IClassFixture<PublishedManifest>, IAsyncLifetime
{
    private const string Password = "full-rights-password";
    private const string WebPassword = "web-subscriber-password";
    private readonly DirectoryInfo data = Directory.CreateTempSubdirectory("pulse-redis-command-");
    private readonly int port = FreePort();
    private Process? server;

    public async ValueTask InitializeAsync()
    {
        var args = manifest.Resources[ResourceNames.Redis]!["args"]!.AsArray().Select(arg => (string)arg!).ToArray();
        Assert.Equal("-c", args[0]);
        var redisServer = LocalServerBinaries.Find().RedisServer ?? throw new InvalidOperationException("redis-server is not installed (test.sh installs it).");
        // Only where it listens and keeps its files changes: the rest is the published command as it is.
        var command = $"{redisServer} --port {port} --bind 127.0.0.1 --dir {data.FullName}" + args[1]["redis-server".Length..];
        var start = new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["REDIS_PASSWORD"] = Password;
        start.Environment["REDIS_WEB_PASSWORD"] = WebPassword;
        server = Process.Start(start)!;
        await Eventually.ReturnsAsync(() => CliAsync("-a", Password, "PING"), answer => answer.Contains("PONG", StringComparison.Ordinal) || server.HasExited,
            TimeSpan.FromSeconds(20), "the published Redis command line to start a server");
        if (server.HasExited)
        {
            Assert.Fail($"redis-server exited: {await server.StandardError.ReadToEndAsync()} {await server.StandardOutput.ReadToEndAsync()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
        server?.Dispose();
        data.Delete(recursive: true);
    }

    [Fact]
    public async Task The_web_user_signs_in_with_its_own_password_and_may_only_ping_and_subscribe_to_trending()
    {
        var asWeb = new[] { "--user", RedisAccess.WebSubscriber.User, "--pass", WebPassword };

        Assert.Contains("PONG", await CliAsync([.. asWeb, "PING"]), StringComparison.Ordinal);
        Assert.Contains("NOPERM", await CliAsync([.. asWeb, "GET", "pulse:{sessions}:active"]), StringComparison.Ordinal);
        Assert.Contains("NOPERM", await CliAsync([.. asWeb, "PUBLISH", RedisKeys.Notifications.Trending, "forged"]), StringComparison.Ordinal);
        Assert.Contains("WRONGPASS", await CliAsync("--user", RedisAccess.WebSubscriber.User, "--pass", Password, "PING"), StringComparison.Ordinal);
        Assert.Equal("OK", (await CliAsync("-a", Password, "ACL", "DRYRUN", RedisAccess.WebSubscriber.User, "SUBSCRIBE", RedisKeys.Notifications.Trending)).Trim());
        Assert.Contains("no permissions", await CliAsync("-a", Password, "ACL", "DRYRUN", RedisAccess.WebSubscriber.User, "SUBSCRIBE", "pulse:notifications:user:1"), StringComparison.Ordinal);
    }

    /// <summary>redis-cli's answer (output and errors) to one command against the server.</summary>
    private async Task<string> CliAsync(params string[] args)
    {
        var start = new ProcessStartInfo("redis-cli", ["-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-auth-warning", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var cli = Process.Start(start)!;
        var output = cli.StandardOutput.ReadToEndAsync();
        var error = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return await output + await error;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

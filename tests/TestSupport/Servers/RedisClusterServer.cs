using System.Diagnostics;
using System.Globalization;
using Pulse.AppHost.Hosting.Local;
using StackExchange.Redis;

namespace Pulse.TestSupport.Servers;

/// <summary>
/// A real Redis Cluster of three primaries without replicas, each a <see cref="RedisServer"/> node
/// on free loopback ports with a folder of its own, joined by <c>redis-cli --cluster create</c> and
/// ready once every node reports <c>cluster_state:ok</c>. Stopped with its folders removed
/// afterwards. Use as a class fixture.
/// </summary>
public sealed class RedisClusterServer : IAsyncLifetime
{
    private static readonly TimeSpan FormTimeout = TimeSpan.FromSeconds(60);

    private readonly RedisServer[] nodes = [new() { ClusterNode = true }, new() { ClusterNode = true }, new() { ClusterNode = true }];

    public IReadOnlyList<RedisServer> Nodes => nodes;

    /// <summary>
    /// What a Pulse service is given: the nodes, nothing else. No <c>allowAdmin</c>: a managed
    /// cluster does not hand out admin rights, and Pulse must not need them.
    /// </summary>
    public string ConnectionString => string.Join(',', nodes.Select(node => $"127.0.0.1:{node.Port.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>A client of the whole cluster, connected as the services connect.</summary>
    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Task.WhenAll(nodes.Select(node => node.InitializeAsync().AsTask()));
        await CreateAsync();
        foreach (var node in nodes)
        {
            await Eventually.ReturnsAsync(() => ClusterInfoAsync(node), info => info.Contains("cluster_state:ok", StringComparison.Ordinal), FormTimeout,
                $"the node on port {node.Port} to report cluster_state:ok");
        }
        Connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
    }

    /// <summary>Assigns the 16384 slots over the three nodes and has them meet, as an operator does.</summary>
    private async Task CreateAsync()
    {
        var redisServer = LocalServerBinaries.Find().RedisServer
            ?? throw new InvalidOperationException("redis-server is not installed: apt-get install redis-server (test.sh does).");
        var redisCli = Path.Combine(Path.GetDirectoryName(redisServer)!, "redis-cli");
        if (!File.Exists(redisCli))
        {
            throw new InvalidOperationException($"{redisCli} is missing: apt-get install redis-tools (test.sh does).");
        }
        using var create = Process.Start(new ProcessStartInfo(redisCli,
            ["--cluster", "create", .. nodes.Select(node => $"127.0.0.1:{node.Port.ToString(CultureInfo.InvariantCulture)}"), "--cluster-replicas", "0", "--cluster-yes"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-cli did not start");
        var output = create.StandardOutput.ReadToEndAsync();
        var errors = create.StandardError.ReadToEndAsync();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(FormTimeout);
        try
        {
            await create.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            create.Kill();
            throw new InvalidOperationException($"redis-cli --cluster create did not finish in {FormTimeout.TotalSeconds:0} s.");
        }
        if (create.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed ({create.ExitCode}): {await output} {await errors}");
        }
    }

    private static async Task<string> ClusterInfoAsync(RedisServer node) =>
        (string?)await node.Connection.GetServer("127.0.0.1", node.Port).ExecuteAsync("CLUSTER", "INFO") ?? "";

    public async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }
}

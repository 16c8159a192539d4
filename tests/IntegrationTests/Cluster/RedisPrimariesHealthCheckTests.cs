using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Pulse.Contracts;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Cluster;

/// <summary>
/// The Redis health check the Api and the Ingestor register, as they register it, on a real
/// standalone Redis and a real three-node cluster, connected without admin mode.
/// </summary>
public sealed class RedisPrimariesHealthCheckTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_standalone_redis_that_answers_is_healthy()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        using var host = HostOn($"127.0.0.1:{redis.Port.ToString(CultureInfo.InvariantCulture)}");

        var check = await CheckAsync(host);

        Assert.Equal(HealthStatus.Healthy, check.Status);
        Assert.Equal("The Redis primary answered PING.", check.Description);
    }

    [Fact]
    public async Task A_cluster_is_healthy_without_admin_mode_until_a_primary_stops_answering()
    {
        await using var cluster = new RedisClusterServer();
        await cluster.InitializeAsync();
        using var host = HostOn(cluster.ConnectionString);
        var healthy = await Eventually.ReturnsAsync(() => CheckAsync(host), check => check.Status == HealthStatus.Healthy, Patience, "the check to see the cluster healthy");
        var stopped = cluster.Nodes[1];

        await stopped.KillAsync();

        var unhealthy = await Eventually.ReturnsAsync(() => CheckAsync(host), check => check.Status != HealthStatus.Healthy, Patience, "the check to notice the stopped primary");
        Assert.Equal("All 3 Redis primaries answered PING; each of the 16384 hash slots has one.", healthy.Description);
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.Contains($"127.0.0.1:{stopped.Port.ToString(CultureInfo.InvariantCulture)} did not answer PING", unhealthy.Description, StringComparison.Ordinal);
        Assert.Equal(1, unhealthy.Description!.Split("did not answer PING").Length - 1);
    }

    /// <summary>A host with the Redis client and health check registered as the Api and the Ingestor register them.</summary>
    private static IHost HostOn(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[$"ConnectionStrings:{ResourceNames.Redis}"] = connectionString;
        builder.AddRedisClient(ResourceNames.Redis, settings => settings.DisableHealthChecks = true, options => options.AbortOnConnectFail = false);
        builder.AddRedisPrimariesHealthCheck();
        return builder.Build();
    }

    private static async Task<(HealthStatus Status, string? Description)> CheckAsync(IHost host)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        var entry = report.Entries[RedisHealthCheckExtensions.HealthCheckName];
        return (entry.Status, entry.Description ?? entry.Exception?.Message);
    }
}

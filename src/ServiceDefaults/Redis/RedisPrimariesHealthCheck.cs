using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Pulse.ServiceDefaults.Redis;

/// <summary>
/// Healthy when every Redis primary answers PING and, on a Redis Cluster, every hash slot has a
/// primary that the cluster has not marked failed. It needs no admin mode, unlike the check
/// Aspire's <c>AddRedisClient</c> registers (AspNetCore.HealthChecks.Redis): that one sends
/// CLUSTER INFO to each cluster node, which StackExchange.Redis refuses without
/// <c>allowAdmin=true</c>, a right Pulse needs for nothing else and a managed cluster may not grant.
/// </summary>
/// <remarks>
/// On a cluster the primaries are the nodes that own slots in the client's view of the cluster
/// (CLUSTER NODES, which the client reads as it connects and again after a redirection): a primary
/// that failed over to its replica owns no slots any more and is not asked. Descriptions name
/// endpoints, so only callers who may read details see them (HealthReportWriter).
/// </remarks>
internal sealed class RedisPrimariesHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    private const int HashSlots = 16384;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var servers = redis.GetServers();
        var isCluster = servers.Any(server => server.ServerType == ServerType.Cluster);
        var problems = new List<string>();
        var primaries = isCluster ? SlotOwners(servers, problems) : [.. servers.Where(server => !server.IsReplica)];
        if (primaries.Count == 0 && problems.Count == 0)
        {
            problems.Add("no Redis primary is known");
        }

        var pings = await Task.WhenAll(primaries.Select(server => PingAsync(server, cancellationToken)));
        var failed = pings.Where(ping => ping.Failure is not null).ToList();
        problems.AddRange(failed.Select(ping => $"{ping.EndPoint} did not answer PING: {ping.Failure!.Message}"));
        if (problems.Count > 0)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, string.Join("; ", problems) + ".", failed.FirstOrDefault().Failure);
        }
        var answered = primaries.Count == 1 ? "The Redis primary answered PING" : $"All {primaries.Count} Redis primaries answered PING";
        return HealthCheckResult.Healthy(isCluster ? $"{answered}; each of the {HashSlots} hash slots has one." : $"{answered}.");
    }

    /// <summary>The servers that own hash slots; what keeps a slot from being served goes to <paramref name="problems"/>.</summary>
    private static List<IServer> SlotOwners(IServer[] servers, List<string> problems)
    {
        // Each node keeps the layout it last reported; a connected node's is the freshest at hand.
        var layout = servers.OrderByDescending(server => server.IsConnected).Select(server => server.ClusterConfiguration).FirstOrDefault(known => known is not null);
        if (layout is null)
        {
            problems.Add("the cluster's slot layout is not known yet");
            return [];
        }

        var owners = layout.Nodes.Where(node => !node.IsReplica && node.Slots.Count > 0).ToList();
        var uncovered = HashSlots - owners.Sum(node => node.Slots.Sum(range => range.To - range.From + 1));
        if (uncovered > 0)
        {
            problems.Add($"{uncovered} of {HashSlots} hash slots have no primary");
        }
        problems.AddRange(owners.Where(node => node.IsFail).Select(node => $"{node.EndPoint?.ToString() ?? node.NodeId} is marked failed by the cluster"));

        var known = servers.ToDictionary(server => server.EndPoint);
        var primaries = new List<IServer>();
        foreach (var node in owners)
        {
            if (node.EndPoint is not null && known.TryGetValue(node.EndPoint, out var server))
            {
                primaries.Add(server);
            }
            else
            {
                problems.Add($"the client has no connection to the primary {node.EndPoint?.ToString() ?? node.NodeId}");
            }
        }
        return primaries;
    }

    private static async Task<(EndPoint EndPoint, Exception? Failure)> PingAsync(IServer server, CancellationToken cancellationToken)
    {
        try
        {
            // PING carries no CancellationToken in StackExchange.Redis; the client's own timeout bounds it too.
            await server.PingAsync().WaitAsync(cancellationToken);
            return (server.EndPoint, null);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            return (server.EndPoint, exception);
        }
    }
}

using System.Globalization;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Pipeline;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Cluster;

/// <summary>
/// The Api and the Ingestor on a three-node Redis Cluster (and the shared PostgreSQL), given the
/// node list as their Redis connection string and nothing else, as a managed cluster would be
/// given. One per test class: each test works with users and posts of its own.
/// </summary>
public sealed class PulseOnRedisCluster(PostgresServer postgres) : IAsyncLifetime
{
    /// <summary>Requests a caller may make to the analytics routes per window: small, so a test reaches it quickly.</summary>
    public const int AnalyticsLimit = 3;

    private readonly RedisClusterServer cluster = new();
    private ApiServer? api;
    private IngestorProcess? ingestor;

    public RedisClusterServer Cluster => cluster;

    public ApiServer Api => api!;

    /// <summary>Users and posts written before any test ran, for the events whose aggregates a test compares whole.</summary>
    public (long[] Users, long[] Posts, Dictionary<long, long> AuthorOf) World { get; private set; }

    /// <summary>A client of the Ingestor's own HTTP endpoints (<c>/health</c>).</summary>
    public HttpClient Ingestor { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await cluster.InitializeAsync();
        api = new ApiServer(postgres, new Dictionary<string, string?>
        {
            ["Pulse:RateLimits:Analytics:PermitLimit"] = AnalyticsLimit.ToString(CultureInfo.InvariantCulture),
            // Long enough that every request of a test falls in one window.
            ["Pulse:RateLimits:Analytics:WindowSeconds"] = "600",
        }, redisConnectionString: cluster.ConnectionString);
        await api.InitializeAsync();
        World = await PipelineWorld.SeedAsync(api, users: 12, posts: 30);

        var ingestorUrl = $"http://127.0.0.1:{FreePort.Find().ToString(CultureInfo.InvariantCulture)}";
        ingestor = await PipelineWorld.IngestorAsync(api, new() { ["ASPNETCORE_URLS"] = ingestorUrl });
        ingestor.Start();
        Ingestor = new HttpClient { BaseAddress = new Uri(ingestorUrl) };
    }

    public async ValueTask DisposeAsync()
    {
        Ingestor?.Dispose();
        if (ingestor is not null)
        {
            await ingestor.DisposeAsync();
        }
        if (api is not null)
        {
            await api.DisposeAsync();
        }
        await cluster.DisposeAsync();
    }
}

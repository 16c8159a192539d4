using Pulse.Contracts;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Pipeline;

/// <summary>
/// Two Ingestor replicas (two processes, as two machines would run them) on one stream: they share
/// the consumer groups' work, and when one dies the other takes over what it left pending, with
/// every event applied exactly once.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class IngestorReplicasTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Batches = 40;
    private const int BatchSize = 1_000;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(3);

    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        ["Pulse:RateLimits:Ingest:PermitLimit"] = "1000000",
    });

    private IDatabase Redis => api.Redis.Connection.GetDatabase();

    [Fact]
    public async Task Two_replicas_share_the_stream_and_after_one_dies_the_other_finishes_its_work_exactly_once()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (users, posts, authorOf) = await PipelineWorld.SeedAsync(api, users: 40, posts: 200);
        var feed = new EventFeed(users, posts, authorOf, seed: 8);
        var batches = feed.Batches(Batches, BatchSize, spread: TimeSpan.FromDays(2));
        using var client = await PipelineWorld.IngestClientAsync(api);
        // Small reads, so both replicas keep coming back to the stream while it fills.
        await using var first = await ReplicaAsync("replica-a");
        await using var second = await ReplicaAsync("replica-b");
        first.Start();
        second.Start();

        var sending = EventFeed.SendAsync(client, batches, cancellationToken);
        var busy = new HashSet<string>();
        await Eventually.ReturnsAsync(async () =>
        {
            busy.UnionWith(await ConsumersWithPendingEntriesAsync());
            return busy.Count;
        }, count => count == 2, DrainTimeout, "both replicas to hold entries of the aggregates group");
        // One replica dies mid-stream; what it read and did not acknowledge is claimed by the other.
        await first.KillAsync();
        var leftPending = (await Redis.StreamPendingAsync(EventStreamNames.Key, EventStreamNames.Groups.Aggregates)).Consumers
            .Where(consumer => consumer.Name == "replica-a").Sum(consumer => consumer.PendingMessageCount);
        var accepted = await sending;

        await AggregatesGroup.WaitUntilDrainedAsync(Redis, DrainTimeout);
        var expected = feed.Expected(accepted.Values);
        expected.AssertEqual(await AggregateSnapshot.ReadAsync(api.Database, cancellationToken));
        Assert.Equal(["replica-a", "replica-b"], busy.Order());
        output.WriteLine($"{accepted.Count} events applied once each across {busy.Count} replicas; replica-a died holding {leftPending} pending entries.");
    }

    private Task<IngestorProcess> ReplicaAsync(string name) =>
        PipelineWorld.IngestorAsync(api, new()
        {
            ["Pulse:Ingestor:ConsumerName"] = name,
            ["Pulse:Ingestor:BatchSize"] = "100",
        });

    private async Task<IEnumerable<string>> ConsumersWithPendingEntriesAsync()
    {
        if (!await Redis.KeyExistsAsync(EventStreamNames.Key))
        {
            return [];
        }
        var groups = await Redis.StreamGroupInfoAsync(EventStreamNames.Key);
        if (!groups.Any(group => group.Name == EventStreamNames.Groups.Aggregates))
        {
            return [];
        }
        var pending = await Redis.StreamPendingAsync(EventStreamNames.Key, EventStreamNames.Groups.Aggregates);
        return pending.Consumers.Where(consumer => consumer.PendingMessageCount > 0).Select(consumer => consumer.Name.ToString());
    }

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();
}

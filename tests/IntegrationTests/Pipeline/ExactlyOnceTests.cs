using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;
using System.Net.Http.Json;

namespace Pulse.IntegrationTests.Pipeline;

/// <summary>
/// The pipeline end to end with the Ingestor as its own process: crashes (SIGKILL) at random
/// points, resends and replays, and at the end every aggregate equals what was sent.
/// </summary>
[Collection(nameof(PostgresGroup))]
[Trait("Category", "FaultInjection")]
public sealed class ExactlyOnceTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(4);

    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        // The feed is faster than any client; the limiter is not under test here.
        ["Pulse:RateLimits:Ingest:PermitLimit"] = "1000000",
    });

    private IDatabase Redis => api.Redis.Connection.GetDatabase();

    [Fact]
    public async Task Killed_ten_times_mid_stream_the_ingestor_still_applies_each_of_100000_events_exactly_once()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (users, posts, authorOf) = await PipelineWorld.SeedAsync(api, users: 60, posts: 300);
        var feed = new EventFeed(users, posts, authorOf, seed: 20261125);
        var batches = feed.Batches(count: 100, size: 1_000, spread: TimeSpan.FromDays(3));
        using var client = await PipelineWorld.IngestClientAsync(api);
        await using var ingestor = await PipelineWorld.IngestorAsync(api, new() { ["Pulse:Ingestor:BatchSize"] = "500" });
        ingestor.Start();

        var sending = EventFeed.SendAsync(client, batches, cancellationToken);
        var random = new Random(7);
        for (var kill = 0; kill < 10; kill++)
        {
            // Kill after the group has read a random number more entries: the Ingestor is mid-stream.
            var before = await AggregatesGroup.EntriesReadAsync(Redis);
            var after = before + random.Next(1_000, 6_000);
            await Eventually.ReturnsAsync(() => AggregatesGroup.EntriesReadAsync(Redis), read => read >= after || (sending.IsCompleted && read >= 100_000), DrainTimeout, $"the aggregates group to read past entry {after}");
            await ingestor.KillAsync();
            ingestor.Start();
        }
        var accepted = await sending;
        Assert.Equal(100_000, accepted.Count);

        await AggregatesGroup.WaitUntilDrainedAsync(Redis, DrainTimeout);
        var expected = feed.Expected(accepted.Values);
        expected.AssertEqual(await AggregateSnapshot.ReadAsync(api.Database, cancellationToken));
        output.WriteLine($"{ingestor.Starts} Ingestor starts; {expected.PostDays.Count} post-days and {expected.UserDays.Count} user-days match.");

        // Resent within the Redis dedupe window: all duplicates, nothing reaches the stream.
        var resent = await SendCountingAsync(client, batches);
        Assert.Equal((0, 100_000), resent);

        // Resent after the window (the seen-keys gone): Redis counts them again and streams them,
        // and the Ingestor recognises every id it applied before.
        await ForgetDedupeWindowAsync();
        var replayed = await SendCountingAsync(client, batches);
        Assert.Equal((100_000, 0), replayed);
        await AggregatesGroup.WaitUntilDrainedAsync(Redis, DrainTimeout);
        expected.AssertEqual(await AggregateSnapshot.ReadAsync(api.Database, cancellationToken));
    }

    private async Task ForgetDedupeWindowAsync()
    {
        var server = api.Redis.Connection.GetServer(api.Redis.Connection.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: RedisKeys.SeenEvent(RedisKeys.DefaultPartition, "*"), pageSize: 5_000))
        {
            await Redis.KeyDeleteAsync(key);
        }
    }

    private static async Task<(int Accepted, int Duplicates)> SendCountingAsync(HttpClient client, List<IngestRequest> batches)
    {
        var (accepted, duplicates) = (0, 0);
        foreach (var batch in batches)
        {
            using var response = await client.PostAsJsonAsync("/api/events", batch, TestContext.Current.CancellationToken);
            var answer = (await response.Content.ReadFromJsonAsync<IngestAccepted>(TestContext.Current.CancellationToken))!;
            (accepted, duplicates) = (accepted + answer.Accepted, duplicates + answer.Duplicates);
        }
        return (accepted, duplicates);
    }

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();
}

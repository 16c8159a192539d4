using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.IntegrationTests.Api;
using Pulse.Pipeline;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Pipeline;

/// <summary>
/// PostgreSQL stopped for 30 seconds under steady load, on a server of its own: the Api keeps
/// accepting (the users and posts are known), entries wait in the stream, and once PostgreSQL is
/// back the lag drains and every accepted event is counted once. A poison entry sent meanwhile
/// ends in the dead letters without holding anything back.
/// </summary>
[Trait("Category", "FaultInjection")]
public sealed class PostgresOutageTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        ["Pulse:RateLimits:Ingest:PermitLimit"] = "1000000",
    });

    private IDatabase Redis => api.Redis.Connection.GetDatabase();

    [Fact]
    public async Task Events_accepted_while_postgres_is_down_are_all_counted_once_it_returns()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (users, posts, authorOf) = await PipelineWorld.SeedAsync(api, users: 20, posts: 100);
        var feed = new EventFeed(users, posts, authorOf, seed: 30);
        using var client = await PipelineWorld.IngestClientAsync(api);
        // Every user and post referenced once, so the Api knows them before the outage.
        var now = DateTimeOffset.UtcNow;
        var warmUp = new IngestRequest([
            .. users.Select(user => (IngestEvent?)new IngestEvent(Guid.CreateVersion7(), "session_start", user, null, null, now, null, null, null)),
            .. posts.Select(post => (IngestEvent?)new IngestEvent(Guid.CreateVersion7(), "post_view", users[0], post, null, now, null, null, null)),
            new IngestEvent(Guid.CreateVersion7(), "user_follow", users[0], null, users[1], now, null, null, null),
        ]);
        var accepted = await EventFeed.SendAsync(client, [warmUp], cancellationToken);
        await using var ingestor = await PipelineWorld.IngestorAsync(api);
        ingestor.Start();
        await AggregatesGroup.WaitUntilDrainedAsync(Redis, Patience);

        using var stopFeeding = new CancellationTokenSource();
        var feeding = FeedAsync(client, feed, accepted, stopFeeding.Token);
        int Accepted()
        {
            lock (accepted)
            {
                return accepted.Count;
            }
        }
        await Eventually.ReturnsAsync(() => Task.FromResult(Accepted()), count => count > warmUp.Events!.Count + 2_000, Patience, "the feed to get going");

        await postgres.StopAsync();
        var down = Stopwatch.StartNew();
        await Redis.StreamAddAsync(EventStreamNames.Key, EventStreamNames.PayloadField, "{\"this is\": \"not an event\"");
        await Task.Delay(Outage, cancellationToken);
        var waiting = await AggregatesGroup.LagAsync(Redis);
        await postgres.StartAsync();
        // The test's own pooled connections died with the server.
        api.Database.Clear();
        output.WriteLine($"PostgreSQL was down {down.Elapsed.TotalSeconds:0.0} s; {waiting} entries waited for it.");

        var atReturn = Accepted();
        await Eventually.ReturnsAsync(() => Task.FromResult(Accepted()), count => count > atReturn + 2_000, Patience, "the feed to go on after the outage");
        await stopFeeding.CancelAsync();
        var refused = await feeding;

        await AggregatesGroup.WaitUntilDrainedAsync(Redis, Patience);
        Assert.True(waiting > 1_000, $"only {waiting} entries waited during the outage");
        Assert.Equal(0, refused);
        feed.Expected(accepted.Values).AssertEqual(await AggregateSnapshot.ReadAsync(api.Database, cancellationToken));
        var dead = Assert.Single(await new DeadLetters(api.Redis.Connection, TimeProvider.System).ListAsync(10));
        Assert.StartsWith("Unreadable event", dead.Error, StringComparison.Ordinal);
        output.WriteLine($"{accepted.Count} events accepted and counted once.");
    }

    /// <summary>About 2,000 events/s in batches of 200 until stopped.</summary>
    /// <returns>How many batches were refused (anything but 202).</returns>
    private static async Task<int> FeedAsync(HttpClient client, EventFeed feed, Dictionary<Guid, IngestEvent> accepted, CancellationToken stop)
    {
        var refused = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var batch = feed.Batches(1, 200, TimeSpan.FromHours(2))[0];
                using var response = await client.PostAsJsonAsync("/api/events", batch, CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    refused++;
                    continue;
                }
                lock (accepted)
                {
                    foreach (var @event in batch.Events!)
                    {
                        accepted[@event!.Id!.Value] = @event;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        return refused;
    }

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();
}

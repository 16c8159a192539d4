using System.Net;
using System.Net.Http.Json;
using System.Text;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.IntegrationTests.Pipeline;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Events;

/// <summary>
/// <c>Idempotency-Key</c> on <c>POST /api/events</c>: a client that sends no event ids can still
/// retry an unknown outcome safely, on a real Redis and PostgreSQL with the Ingestor running.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class IdempotencyKeyTests(PostgresServer postgres) : IAsyncLifetime
{
    private const int Views = 5;

    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        // The Api gives up on a paused Redis after a second, not the default five.
        [$"Aspire:StackExchange:Redis:ConfigurationOptions:AsyncTimeout"] = "1000",
        [$"Aspire:StackExchange:Redis:ConfigurationOptions:SyncTimeout"] = "1000",
    });

    private long user;
    private long post;

    private IDatabase Redis => api.Redis.Connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        var (users, posts, _) = await PipelineWorld.SeedAsync(api, users: 2, posts: 1);
        (user, post) = (users[0], posts[0]);
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task A_batch_without_ids_sent_twice_with_one_key_after_a_redis_pause_is_counted_once_in_redis_and_postgresql()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = await PipelineWorld.IngestClientAsync(api);
        await using var ingestor = await PipelineWorld.IngestorAsync(api);
        ingestor.Start();
        var body = ViewsBody();

        // Redis holds every write: the Api gives up after 1 s, not knowing what happened. Then the
        // pause ends (a read such as PING answers during a write pause, so it cannot tell), and the
        // held script runs before the resend, as it would once a slow Redis catches up.
        await Redis.ExecuteAsync("CLIENT", "PAUSE", "30000", "WRITE");
        using var during = await PostAsync(client, body, "\"batch-2026-12-07-0001\"");
        await Redis.ExecuteAsync("CLIENT", "UNPAUSE");
        var retried = await PostAsync(client, body, "\"batch-2026-12-07-0001\"");
        var again = await PostAsync(client, body, "batch-2026-12-07-0001");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(new IngestAccepted(0, Views), await again.Content.ReadFromJsonAsync<IngestAccepted>(cancellationToken));
        Assert.Equal(Views, (long)await Redis.HashGetAsync(RedisKeys.PostCounters(RedisKeys.DefaultPartition, post), "views"));
        Assert.Equal(Views, await Redis.StreamLengthAsync(EventStreamNames.Key));
        await AggregatesGroup.WaitUntilDrainedAsync(Redis, TimeSpan.FromMinutes(1));
        await using var command = api.Database.CreateCommand($"select views from post_stats where post_id = {post}");
        Assert.Equal((long)Views, (long)(await command.ExecuteScalarAsync(cancellationToken))!);
        retried.Dispose();
        again.Dispose();
    }

    [Fact]
    public async Task The_same_key_from_another_caller_or_another_key_mints_other_ids()
    {
        using var first = await PipelineWorld.IngestClientAsync(api);
        using var second = await PipelineWorld.IngestClientAsync(api);
        var body = ViewsBody();

        var results = new List<IngestAccepted>();
        foreach (var (client, key) in new[] { (first, "k1"), (second, "k1"), (first, "k2"), (first, "k1") })
        {
            using var response = await PostAsync(client, body, key);
            results.Add((await response.Content.ReadFromJsonAsync<IngestAccepted>(TestContext.Current.CancellationToken))!);
        }

        Assert.Equal([new(Views, 0), new(Views, 0), new(Views, 0), new(0, Views)], results);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("key with a tab\tin it")]
    public async Task A_key_that_is_empty_or_not_printable_ascii_is_a_400(string key)
    {
        using var client = await PipelineWorld.IngestClientAsync(api);
        var tooLong = new string('k', 256);

        foreach (var value in new[] { key, tooLong })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new StringContent(ViewsBody(), Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", value);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            await response.AssertInvalidFieldAsync("Idempotency-Key");
        }
        Assert.Equal(0, await Redis.StreamLengthAsync(EventStreamNames.Key));
    }

    private string ViewsBody() => PipelineWorld.ViewsBody(post, Views, [user]);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pulse.Contracts;
using Pulse.Contracts.Security;
using Pulse.Data.Entities;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.IntegrationTests.Pipeline;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Events;

/// <summary>
/// One caller's share of the stream's backlog, on a real Redis with a real Ingestor: while the
/// Ingestor is away a caller fills its share and is refused, the others still get in, and once the
/// Ingestor has consumed and trimmed the stream the caller gets its room back. The backlog cap
/// stays the last line of defence.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class BacklogShareTests(PostgresServer postgres) : IAsyncLifetime
{
    private const int Batch = 100;

    // A cap of 1,000 entries, at most 300 of them one caller's.
    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        ["Pulse:Realtime:StreamBacklogCap"] = "1000",
        ["Pulse:Ingest:CallerBacklogShare"] = "0.3",
    });

    private long user;
    private long post;

    private IDatabase Redis => api.Redis.Connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        var (users, posts, _) = await PipelineWorld.SeedAsync(api, users: 1, posts: 1);
        (user, post) = (users[0], posts[0]);
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task A_caller_at_its_backlog_share_gets_429_while_another_still_gets_202_until_the_cap()
    {
        var callers = new List<HttpClient>();
        for (var i = 0; i < 4; i++)
        {
            callers.Add(api.CreateClient(apiKey: (await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest($"caller{i}", ApiKeyScopes.Ingest))).Secret));
        }

        var first = await PostManyAsync(callers[0], 4);
        var second = await PostManyAsync(callers[1], 3);
        var third = await PostManyAsync(callers[2], 3);
        // 900 entries wait: the fourth caller gets its first batch in, then the cap speaks for everyone.
        var fourth = await PostManyAsync(callers[3], 2);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], first.Select(r => r.Status));
        Assert.Contains("share", first[3].Title, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Accepted, 3), second.Select(r => r.Status));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Accepted, 3), third.Select(r => r.Status));
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable], fourth.Select(r => r.Status));
        Assert.Equal(1_000, await Redis.StreamLengthAsync(EventStreamNames.Key));

        await using (var ingestor = await PipelineWorld.IngestorAsync(api))
        {
            ingestor.Start();
            await AggregatesGroup.WaitUntilDrainedAsync(Redis, TimeSpan.FromMinutes(1));
            // Trimming keeps the last entry read: it belongs to the fourth caller.
            await Eventually.ReturnsAsync(() => Redis.StreamLengthAsync(EventStreamNames.Key), length => length <= 1, TimeSpan.FromSeconds(30), "the stream to be trimmed");
        }

        var again = await PostManyAsync(callers[0], 3);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Accepted, 3), again.Select(r => r.Status));
        foreach (var caller in callers)
        {
            caller.Dispose();
        }
    }

    private async Task<List<(HttpStatusCode Status, string Title)>> PostManyAsync(HttpClient client, int batches)
    {
        var body = PipelineWorld.ViewsBody(post, Batch, [user]);
        var results = new List<(HttpStatusCode, string)>();
        for (var i = 0; i < batches; i++)
        {
            using var response = await client.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            var title = response.StatusCode == HttpStatusCode.Accepted ? "" :
                (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("title").GetString()!;
            results.Add((response.StatusCode, title));
        }
        return results;
    }
}

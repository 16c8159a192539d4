using Npgsql;
using Pulse.Contracts;
using Pulse.Contracts.Security;
using Pulse.IntegrationTests.Api;
using Pulse.Pipeline;
using Pulse.TestSupport;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Pipeline;

/// <summary>Users, posts and an ingest key in the Api's database, and the Ingestor process beside it.</summary>
public static class PipelineWorld
{
    public static Task<(long[] Users, long[] Posts, Dictionary<long, long> AuthorOf)> SeedAsync(ApiServer api, int users, int posts) =>
        SeedAsync(api.Database, users, posts);

    public static async Task<(long[] Users, long[] Posts, Dictionary<long, long> AuthorOf)> SeedAsync(NpgsqlDataSource database, int users, int posts)
    {
        await TestWorld.InsertAsync(database, "pipeline_", users, posts, followsPerUser: 0, TestContext.Current.CancellationToken);
        var userIds = new List<long>();
        var authorOf = new Dictionary<long, long>();
        await using (var command = database.CreateCommand("select id from users order by id"))
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                userIds.Add(reader.GetInt64(0));
            }
        }
        await using (var command = database.CreateCommand("select id, author_id from posts order by id"))
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                authorOf[reader.GetInt64(0)] = reader.GetInt64(1);
            }
        }
        return ([.. userIds], [.. authorOf.Keys], authorOf);
    }

    public static async Task<HttpClient> IngestClientAsync(ApiServer api) =>
        api.CreateClient(apiKey: (await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("pipeline", "ingest"))).Secret);

    /// <summary>
    /// An Ingestor process (not started) for a deployment without MongoDB: like the AppHost's
    /// migration step for such a deployment, the event log's group is retired first, so the stream is
    /// trimmed as the aggregates group acknowledges.
    /// </summary>
    public static async Task<IngestorProcess> IngestorAsync(ApiServer api, Dictionary<string, string>? settings = null)
    {
        await RetireEventLogAsync(api.GetService<IConnectionMultiplexer>());
        return IngestorWithEventLog(api, settings);
    }

    /// <summary>Retires the event log's group, as the AppHost's migration step does for a deployment without MongoDB.</summary>
    public static async Task RetireEventLogAsync(IConnectionMultiplexer redis) =>
        await new ConsumerGroupControl(redis, TimeProvider.System)
            .RetireAsync(EventStreamNames.Key, EventStreamNames.Groups.EventLog, "this test deployment has no MongoDB", "test");

    /// <summary>An Ingestor process (not started) whose settings give it a MongoDB: the event log's group is left running.</summary>
    public static IngestorProcess IngestorWithEventLog(ApiServer api, Dictionary<string, string>? settings = null) =>
        new(api.ConnectionString, api.RedisConnectionString, new Dictionary<string, string>(settings ?? [])
        {
            ["Pulse:Ingestor:ClaimIdleMs"] = "2000",
            ["Pulse:Ingestor:ClaimIntervalMs"] = "500",
            ["Pulse:Ingestor:ErrorBackoffMs"] = "200",
        });

    /// <summary>
    /// The JSON body of a batch of <paramref name="count"/> views of <paramref name="post"/>, the i-th
    /// by <c>users[i % users.Length]</c>, with the id <paramref name="id"/>(i) when given (else the Api mints one).
    /// </summary>
    public static string ViewsBody(long post, int count, IReadOnlyList<long> users, Func<int, Guid>? id = null) =>
        $$"""{"events":[{{string.Join(',', Enumerable.Range(0, count).Select(i =>
            $$"""{{{(id is null ? "" : $"\"id\":\"{id(i)}\",")}}"type":"post_view","userId":{{users[i % users.Count]}},"postId":{{post}}}"""))}}]}""";
}

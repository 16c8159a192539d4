using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Pulse.Api.Security.Sessions;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Privacy;
using Pulse.Contracts.Realtime;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Pipeline;
using Pulse.Pipeline;
using Pulse.TestSupport;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Privacy;

/// <summary>
/// Several users' traffic through the real Api and Ingestor, with one user (the subject) spread over
/// every place Pulse keeps data: the aggregates, sessions and likers, follows both ways, entries
/// still in the stream (the aggregates group paused), and dead letters.
/// </summary>
public sealed class ErasureWorld(ApiServer api)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public long[] Users { get; private set; } = [];

    /// <summary>The users whose events the feed sends; the last two users stay out of it, to follow and be followed by the subject only.</summary>
    public long[] FeedUsers { get; private set; } = [];

    public long Subject => FeedUsers[0];

    public Dictionary<long, long> AuthorOf { get; private set; } = [];

    public long[] SubjectPosts => [.. AuthorOf.Where(post => post.Value == Subject).Select(post => post.Key)];

    public string SubjectToken { get; private set; } = "";

    /// <summary>Every event the Api accepted, in the order sent.</summary>
    public List<IngestEvent> Sent { get; } = [];

    /// <summary>Events sent while the aggregates group was paused: still in the stream when the erasure began.</summary>
    public List<IngestEvent> InStream { get; } = [];

    public IngestorProcess Ingestor { get; private set; } = null!;

    private IDatabase Redis => api.Redis.Connection.GetDatabase();

    public async Task BuildAsync(CancellationToken cancellationToken)
    {
        (Users, var posts, AuthorOf) = await PipelineWorld.SeedAsync(api, users: 10, posts: 40);
        FeedUsers = Users[..^2];
        await using (var follows = api.Database.CreateCommand("insert into follows (follower_id, followee_id, created_at) values ($1, $2, now()), ($3, $1, now())"))
        {
            follows.Parameters.Add(new NpgsqlParameter { Value = Subject });
            follows.Parameters.Add(new NpgsqlParameter { Value = Users[^1] });
            follows.Parameters.Add(new NpgsqlParameter { Value = Users[^2] });
            await follows.ExecuteNonQueryAsync(cancellationToken);
        }
        var handle = (string)(await ScalarAsync("select handle from users where id = $1", Subject))!;
        (SubjectToken, _) = await api.GetService<SessionStore>().CreateAsync(Subject, handle, "member");

        Ingestor = await PipelineWorld.IngestorAsync(api, new() { ["Pulse:Erasure:PollInterval"] = "00:00:00.200", ["Pulse:Erasure:WaitInterval"] = "00:00:00.050" });
        Ingestor.Start();

        using var client = await PipelineWorld.IngestClientAsync(api);
        var feed = new EventFeed(FeedUsers, posts, AuthorOf, seed: 17);
        Sent.AddRange((await EventFeed.SendAsync(client, feed.Batches(4, 250, TimeSpan.FromHours(20)), cancellationToken)).Values);
        await AggregatesGroup.WaitUntilDrainedAsync(Redis, Timeout);

        // From here on the aggregates wait: what follows is still in the stream when the erasure begins.
        await new ConsumerGroupControl(api.Redis.Connection, TimeProvider.System).PauseAsync(EventStreamNames.Key, EventStreamNames.Groups.Aggregates, "erasure test", "test");
        // The consumer reads the decision between batches: once it reports the group held, it reads no more.
        using (var health = new HttpClient { BaseAddress = await Ingestor.Address.WaitAsync(Timeout, cancellationToken) })
        {
            await Eventually.ReturnsAsync(() => health.GetStringAsync("/health", cancellationToken), body => body.Contains("paused by", StringComparison.Ordinal),
                Timeout, "the Ingestor to hold the paused group");
        }
        var later = feed.Batches(2, 150, TimeSpan.FromHours(1));
        var targeted = new IngestRequest([
            Event(EventTypes.PostView, Subject, AuthorOf.Keys.First(post => AuthorOf[post] != Subject), null),
            Event(EventTypes.UserFollow, FeedUsers[1], null, Subject),
            Event(EventTypes.ProfileView, FeedUsers[2], null, Subject),
        ]);
        var accepted = await EventFeed.SendAsync(client, [.. later, targeted], cancellationToken);
        InStream.AddRange(accepted.Values);
        Sent.AddRange(accepted.Values);

        await AddDeadLettersAsync();
    }

    /// <summary>Dead letters as the Ingestor files them: the subject's own event, one naming them as its target, and one of someone else's.</summary>
    private async Task AddDeadLettersAsync()
    {
        var deadLetters = new DeadLetters(api.Redis.Connection, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        PipelineEvent[] events =
        [
            new(Guid.CreateVersion7(), EventTypes.Search, Subject, null, null, now, now, null, null, null),
            new(Guid.CreateVersion7(), EventTypes.ProfileView, FeedUsers[3], null, Subject, now, now, null, null, null),
            new(Guid.CreateVersion7(), EventTypes.Search, FeedUsers[4], null, null, now, now, null, null, null),
        ];
        for (var i = 0; i < events.Length; i++)
        {
            var entry = new StreamEntry($"1-{i + 1}", [new NameValueEntry(EventStreamNames.PayloadField, PipelineJson.Serialize(events[i]))]);
            await deadLetters.MoveAsync(EventStreamNames.Key, EventStreamNames.Groups.Aggregates, entry, "refused in the test", 5);
        }
    }

    public async Task<ErasureJobResponse> RequestAsync(string mode)
    {
        using var response = await api.Client.PostAsJsonAsync($"/api/users/{Subject}/erasure", new ErasureRequest(mode, null), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ErasureJobResponse>(TestContext.Current.CancellationToken))!;
    }

    public Task<ErasureJobResponse> JobAsync(long id) =>
        api.Client.GetFromJsonAsync<ErasureJobResponse>($"/api/erasures/{id}", TestContext.Current.CancellationToken)!;

    public async Task<ErasureJobResponse> CompletedAsync(long id) =>
        await Eventually.ReturnsAsync(() => JobAsync(id), job => job.State == ErasureStates.Completed, Timeout, $"erasure job {id} to complete");

    /// <summary>
    /// A client that still sends for the person: refused whole, 422 naming their id, though the Api's
    /// cache of known users still holds them. Returns the answer's body.
    /// </summary>
    public async Task<string> SendForThePersonAsync()
    {
        using var client = await PipelineWorld.IngestClientAsync(api);
        var post = AuthorOf.Keys.First(post => AuthorOf[post] != Subject);
        using var refused = await client.PostAsJsonAsync("/api/events", new IngestRequest([
            Event(EventTypes.SessionStart, FeedUsers[1], null, null),
            Event(EventTypes.PostLike, Subject, post, null),
            Event(EventTypes.PostView, Subject, post, null),
        ]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        return await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Lets the aggregates go on, and waits until they have everything that was left in the stream.</summary>
    public async Task ResumeAndDrainAsync()
    {
        await new ConsumerGroupControl(api.Redis.Connection, TimeProvider.System).ResumeAsync(EventStreamNames.Key, EventStreamNames.Groups.Aggregates);
        await AggregatesGroup.WaitUntilDrainedAsync(Redis, Timeout);
    }

    /// <summary>Rows holding <paramref name="userId"/> in every table that holds user ids, by table.</summary>
    public async Task<Dictionary<string, long>> PostgresRowsOfAsync(long userId)
    {
        var queries = new Dictionary<string, string>
        {
            ["users"] = "select count(*) from users where id = $1",
            ["posts"] = "select count(*) from posts where author_id = $1",
            ["post_daily_stats"] = "select count(*) from post_daily_stats where author_id = $1",
            ["follows"] = "select count(*) from follows where follower_id = $1 or followee_id = $1",
            ["post_likes"] = "select count(*) from post_likes where user_id = $1",
            ["post_viewers"] = "select count(*) from post_viewers where user_id = $1",
            ["user_daily_activity"] = "select count(*) from user_daily_activity where user_id = $1",
            ["user_hourly_activity"] = "select count(*) from user_hourly_activity where user_id = $1",
            ["user_follower_days"] = "select count(*) from user_follower_days where user_id = $1",
            ["user_follow_counts"] = "select count(*) from user_follow_counts where user_id = $1",
        };
        var rows = new Dictionary<string, long>();
        foreach (var (table, sql) in queries)
        {
            rows[table] = (long)(await ScalarAsync(sql, userId))!;
        }
        return rows;
    }

    /// <summary>Stream entries (<paramref name="key"/>: the stream or the dead letters) whose event names the user, as user or target.</summary>
    public async Task<List<PipelineEvent>> EntriesNamingAsync(RedisKey key, long userId) =>
        [.. (await EventsInAsync(key)).Where(@event => @event.UserId == userId || @event.TargetUserId == userId)];

    public async Task<List<PipelineEvent>> EventsInAsync(RedisKey key) =>
        [.. (await Redis.StreamRangeAsync(key)).Where(entry => !entry[EventStreamNames.PayloadField].IsNull)
            .Select(entry => PipelineJson.Deserialize((byte[])entry[EventStreamNames.PayloadField]!))];

    /// <summary>Every post's set of likers that holds <paramref name="member"/>.</summary>
    public async Task<List<string>> LikerSetsHoldingAsync(long member)
    {
        var server = api.Redis.Connection.GetServers().Single();
        var holding = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: RedisKeys.AnyPostLikers(RedisKeys.DefaultPartition)))
        {
            if (await Redis.SetContainsAsync(key, member))
            {
                holding.Add(key.ToString());
            }
        }
        return holding;
    }

    public async Task<List<string>> AuditActionsOnAsync(string target)
    {
        await using var command = api.Database.CreateCommand("select action from audit_log where target = $1 order by id");
        command.Parameters.Add(new NpgsqlParameter { Value = target });
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var actions = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            actions.Add(reader.GetString(0));
        }
        return actions;
    }

    public async Task<object?> ScalarAsync(string sql, params object[] values)
    {
        await using var command = api.Database.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    private static IngestEvent Event(string type, long user, long? post, long? target) =>
        new(Guid.CreateVersion7(), type, user, post, target, DateTimeOffset.UtcNow, null, null, null);
}

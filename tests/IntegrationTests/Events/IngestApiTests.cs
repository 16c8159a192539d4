using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Pulse.Api.Events;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Posts;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Events;

/// <summary><c>POST /api/events</c> over the Api's real PostgreSQL and Redis: a batch is accepted whole, or refused whole with its reason.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class IngestApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private const int BacklogCap = 50;

    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        ["Pulse:Realtime:StreamBacklogCap"] = BacklogCap.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // One caller fills the whole cap here: the cap itself is under test (BacklogShareTests covers the share).
        ["Pulse:Ingest:CallerBacklogShare"] = "1",
    });

    private UserResponse alice = null!;
    private UserResponse bob = null!;
    private PostResponse post = null!;
    private HttpClient ingest = null!;

    private IDatabase Redis => api.Redis.Connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        alice = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("alice", "Alice", "alice@example.com", "US", "password1"));
        bob = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("bob", "Bob", "bob@example.com", "DE", "password1"));
        post = await api.PostAsync<PostResponse>("/api/posts", new CreatePostRequest(bob.Id, "Hello, Pulse", []));
        var key = await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("tests", "ingest"));
        ingest = api.CreateClient(apiKey: key.Secret);
    }

    public async ValueTask DisposeAsync()
    {
        ingest?.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task A_valid_batch_is_accepted_counted_and_appended_to_the_stream_as_pipeline_events()
    {
        var id = Guid.CreateVersion7();
        var timestamp = DateTimeOffset.UtcNow.AddMinutes(-3);
        var body = Batch(
            Event("post_view", new() { ["id"] = id.ToString(), ["postId"] = post.Id, ["timestamp"] = timestamp.ToString("O"),
                ["device"] = new JsonObject { ["type"] = "mobile", ["os"] = "iOS", ["browser"] = "Safari" },
                ["geo"] = new JsonObject { ["country"] = "US", ["city"] = "Seattle" },
                ["properties"] = new JsonObject { ["durationMs"] = 3200, ["referrer"] = "feed" } }),
            Event("post_like", new() { ["postId"] = post.Id }),
            Event("user_follow", new() { ["targetUserId"] = bob.Id }));

        var accepted = await PostAcceptedAsync(ingest, body);

        Assert.Equal(new IngestAccepted(3, 0), accepted);
        var events = await StreamEventsAsync();
        Assert.Equal(["post_view", "post_like", "user_follow"], events.Select(e => e.Type));
        var view = events[0];
        Assert.Equal((id, alice.Id, post.Id), (view.Id, view.UserId, view.PostId));
        Assert.Equal(timestamp.ToUnixTimeMilliseconds(), view.Timestamp.ToUnixTimeMilliseconds());
        Assert.Equal(new EventDevice("mobile", "iOS", "Safari"), view.Device);
        Assert.Equal(new EventGeo("US", "Seattle"), view.Geo);
        Assert.Equal(3200, view.Properties!.Value.GetProperty("durationMs").GetInt32());
        // No id and no timestamp given: a UUIDv7 and the server's time.
        Assert.Equal(7, events[1].Id.Version);
        Assert.InRange(events[1].Timestamp, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        var counters = await Redis.HashGetAllAsync(RedisKeys.PostCounters(RedisKeys.DefaultPartition, post.Id));
        Assert.Equal(("1", "1"), ((string?)counters.Single(c => c.Name == "views").Value, (string?)counters.Single(c => c.Name == "likes").Value));
    }

    [Fact]
    public async Task Resending_the_same_ids_counts_nothing_twice()
    {
        var body = Batch(Event("post_view", new() { ["id"] = Guid.CreateVersion7().ToString(), ["postId"] = post.Id }),
            Event("post_like", new() { ["id"] = Guid.CreateVersion7().ToString(), ["postId"] = post.Id }));

        var first = await PostAcceptedAsync(ingest, body);
        var again = await PostAcceptedAsync(ingest, body);

        Assert.Equal(new IngestAccepted(2, 0), first);
        Assert.Equal(new IngestAccepted(0, 2), again);
        Assert.Equal(2, await Redis.StreamLengthAsync(EventStreamNames.Key));
    }

    [Fact]
    public async Task Each_entry_carries_the_trace_context_of_the_request()
    {
        await PostAcceptedAsync(ingest, Batch(Event("session_start")));

        var entry = (await Redis.StreamRangeAsync(EventStreamNames.Key))[0];
        var traceParent = (string?)entry[EventStreamNames.TraceParentField];
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", traceParent);
    }

    [Fact]
    public async Task A_session_posts_its_own_user_s_events_and_no_one_else_s()
    {
        var session = await api.PostAsync<SessionCreated>("/api/sessions", new CreateSessionRequest("alice", "password1"));
        using var signedIn = api.CreateClient(bearer: session.Token);
        var own = new JsonObject { ["type"] = "post_view", ["postId"] = post.Id };

        var accepted = await PostAcceptedAsync(signedIn, Batch(own));
        using var someoneElse = await PostAsync(signedIn, Batch(Event("post_view", new() { ["postId"] = post.Id, ["userId"] = bob.Id })));

        Assert.Equal(1, accepted.Accepted);
        Assert.Equal(alice.Id, (await StreamEventsAsync()).Single().UserId);
        await someoneElse.AssertInvalidFieldAsync("events[0].userId");
    }

    private const string EightDaysAgo = "EIGHT_DAYS_AGO";
    private const string TenMinutesAhead = "TEN_MINUTES_AHEAD";

    public static TheoryData<string, string, string> InvalidEvents => new()
    {
        { "unknown type", """{"type":"post_explode","userId":1}""", "type" },
        { "no type", """{"userId":1}""", "type" },
        { "no user with a key", """{"type":"session_start"}""", "userId" },
        { "post event without post", """{"type":"post_like","userId":1}""", "postId" },
        { "follow without target", """{"type":"user_follow","userId":1}""", "targetUserId" },
        { "empty id", """{"type":"session_start","userId":1,"id":"00000000-0000-0000-0000-000000000000"}""", "id" },
        // Times relative to when the test runs, not to when its cases were listed (minutes earlier in a long run).
        { "too old", $$"""{"type":"session_start","userId":1,"timestamp":"{{EightDaysAgo}}"}""", "timestamp" },
        { "too far ahead", $$"""{"type":"session_start","userId":1,"timestamp":"{{TenMinutesAhead}}"}""", "timestamp" },
        { "country not ISO", """{"type":"session_start","userId":1,"geo":{"country":"USA"}}""", "geo.country" },
        { "properties not an object", """{"type":"session_start","userId":1,"properties":[1,2]}""", "properties" },
        { "33 property keys", $$$"""{"type":"session_start","userId":1,"properties":{{{{string.Join(",", Enumerable.Range(0, 33).Select(i => $"\"k{i}\":{i}"))}}}}}""", "properties" },
        { "too deep", """{"type":"session_start","userId":1,"properties":{"a":{"b":{"c":{"d":1}}}}}""", "properties.a.b.c" },
        { "string over 1 KiB", $$$"""{"type":"session_start","userId":1,"properties":{"q":"{{{new string('x', 1025)}}}"}}""", "properties.q" },
        { "U+0000 in a key (no BSON field name holds it)", """{"type":"search","userId":1,"properties":{"a\u0000b":1}}""", "properties" },
        { "a tab in a key", """{"type":"search","userId":1,"properties":{"a\tb":1}}""", "properties" },
        { "a key starting with $", """{"type":"search","userId":1,"properties":{"$where":"1"}}""", "properties" },
        { "a key holding a dot", """{"type":"search","userId":1,"properties":{"a.b":1}}""", "properties" },
        { "a nested key starting with $", """{"type":"search","userId":1,"properties":{"filter":{"$gt":1}}}""", "properties.filter" },
        { "a lone surrogate in a value", """{"type":"search","userId":1,"properties":{"q":"\ud800"}}""", "properties.q" },
        { "a lone surrogate in a key", """{"type":"search","userId":1,"properties":{"\udc00":1}}""", "properties" },
        { "a lone surrogate in an array", """{"type":"search","userId":1,"properties":{"tags":["ok","x\ud83d"]}}""", "properties.tags[1]" },
    };

    [Fact]
    public async Task A_lone_surrogate_in_a_top_level_field_is_a_400_and_nothing_is_accepted()
    {
        var body = $$$"""{"events":[{"type":"session_start","userId":{{{alice.Id}}},"device":{"type":"\ud800"}}]}""";

        using var response = await PostAsync(ingest, body);

        await response.AssertInvalidFieldAsync("body");
        Assert.True(await NothingStreamedAsync());
    }

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public async Task An_invalid_event_refuses_the_whole_batch_naming_its_index_and_field(string because, string invalid, string field)
    {
        var now = DateTimeOffset.UtcNow;
        invalid = invalid
            .Replace(EightDaysAgo, now.AddDays(-8).ToString("O"), StringComparison.Ordinal)
            .Replace(TenMinutesAhead, now.AddMinutes(10).ToString("O"), StringComparison.Ordinal);
        var body = $$"""{"events":[{"type":"session_start","userId":{{alice.Id}}},{{invalid}}]}""";

        using var response = await PostAsync(ingest, body);

        var messages = await response.AssertInvalidFieldAsync($"events[1].{field}");
        Assert.NotEmpty(messages);
        Assert.True(await NothingStreamedAsync(), because);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(EventRules.MaxEventsPerBatch + 1)]
    public async Task A_batch_of_no_events_or_too_many_is_refused(int count)
    {
        var body = Batch([.. Enumerable.Range(0, count).Select(_ => Event("session_start"))]);

        using var response = await PostAsync(ingest, body);

        await response.AssertInvalidFieldAsync("events");
        Assert.True(await NothingStreamedAsync());
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var response = await PostAsync(ingest, """{"events":[{"type":"session_start","userId":"alice"}]}""");

        var messages = await response.AssertInvalidFieldAsync("body");
        Assert.Contains("userId", messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413()
    {
        var padding = new string('x', 1_000);
        var body = Batch([.. Enumerable.Range(0, 1_000).Select(_ => Event("search", new() { ["properties"] = new JsonObject { ["q"] = padding } }))]);
        Assert.True(Encoding.UTF8.GetByteCount(body) > EventRules.MaxBodyBytes);

        using var response = await PostAsync(ingest, body);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.True(await NothingStreamedAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        using var content = new StringContent(Batch(Event("session_start")), Encoding.UTF8, "text/plain");
        using var response = await ingest.PostAsync("/api/events", content, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.True(await NothingStreamedAsync());
    }

    [Fact]
    public async Task Unknown_users_or_posts_are_422_naming_each_and_nothing_is_accepted()
    {
        var body = Batch(
            Event("post_view", new() { ["postId"] = post.Id }),
            Event("post_like", new() { ["postId"] = 987_654 }),
            Event("user_follow", new() { ["targetUserId"] = 876_543 }));

        using var response = await PostAsync(ingest, body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var missing = problem.GetProperty("missing").EnumerateArray()
            .Select(m => (m.GetProperty("index").GetInt32(), m.GetProperty("field").GetString(), m.GetProperty("id").GetInt64()))
            .ToList();
        Assert.Equal([(1, "postId", 987_654L), (2, "targetUserId", 876_543L)], missing);
        Assert.True(await NothingStreamedAsync());
    }

    [Fact]
    public async Task Each_refusal_is_counted_by_reason_and_by_caller_a_key_by_its_id_every_session_as_one()
    {
        var key = await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("refused", "ingest"));
        using var refusedKey = api.CreateClient(apiKey: key.Secret);
        var session = await api.PostAsync<SessionCreated>("/api/sessions", new CreateSessionRequest("alice", "password1"));
        using var signedIn = api.CreateClient(bearer: session.Token);
        using var refusals = new MetricCollector<long>(api.GetService<IngestMetrics>().Rejected);

        using (var unknown = await PostAsync(refusedKey, Batch(Event("post_like", new() { ["postId"] = 987_654 }))))
        using (var invalid = await PostAsync(signedIn, Batch(new JsonObject { ["type"] = "post_explode" })))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        var counted = refusals.GetMeasurementSnapshot()
            .Select(measurement => (measurement.Value, (string?)measurement.Tags["reason"], (string?)measurement.Tags[IngestMetrics.CallerTag]))
            .ToList();
        Assert.Equal([(1L, "unknown_reference", $"key:{key.Id}"), (1L, "invalid", "session")], counted);
    }

    [Fact]
    public async Task Without_credentials_it_is_401()
    {
        using var anonymous = api.CreateClient();

        using var response = await PostAsync(anonymous, Batch(Event("session_start")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(await NothingStreamedAsync());
    }

    [Fact]
    public async Task Over_the_backlog_cap_it_is_503_with_retry_after_and_nothing_is_accepted()
    {
        await PostAcceptedAsync(ingest, Batch([.. Enumerable.Range(0, BacklogCap).Select(_ => Event("post_view", new() { ["postId"] = post.Id }))]));

        using var response = await PostAsync(ingest, Batch(Event("post_view", new() { ["postId"] = post.Id })));

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Equal(BacklogCap, await Redis.StreamLengthAsync(EventStreamNames.Key));
        var views = await Redis.HashGetAsync(RedisKeys.PostCounters(RedisKeys.DefaultPartition, post.Id), "views");
        Assert.Equal(BacklogCap, (long)views);
    }

    private JsonObject Event(string type, Dictionary<string, JsonNode?>? fields = null)
    {
        var @event = new JsonObject { ["type"] = type, ["userId"] = alice.Id };
        foreach (var (name, value) in fields ?? [])
        {
            @event[name] = value;
        }
        return @event;
    }

    private static string Batch(params JsonObject[] events) => new JsonObject { ["events"] = new JsonArray([.. events]) }.ToJsonString();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await client.PostAsync("/api/events", content, TestContext.Current.CancellationToken);
    }

    private static async Task<IngestAccepted> PostAcceptedAsync(HttpClient client, string body)
    {
        using var response = await PostAsync(client, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<IngestAccepted>(TestContext.Current.CancellationToken))!;
    }

    private async Task<List<PipelineEvent>> StreamEventsAsync() =>
        [.. (await Redis.StreamRangeAsync(EventStreamNames.Key)).Select(entry => PipelineJson.Deserialize((byte[])entry[EventStreamNames.PayloadField]!))];

    private async Task<bool> NothingStreamedAsync() => await Redis.StreamLengthAsync(EventStreamNames.Key) == 0;
}

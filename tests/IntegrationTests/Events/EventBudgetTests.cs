using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Security;
using Pulse.Data.Entities;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.IntegrationTests.Pipeline;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Events;

/// <summary>
/// Per-caller event budgets, spent in the event script, on a real Redis and PostgreSQL: a caller
/// over its budget is refused while the others go on. The Api's clock stands still, so a budget
/// refills only when a test moves it.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class EventBudgetTests(PostgresServer postgres) : IAsyncLifetime
{
    private const int Batch = 100;

    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private ApiServer api = null!;
    private long[] users = [];
    private long[] posts = [];

    private IDatabase Redis => api.Redis.Connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        api = new ApiServer(postgres, settings: null, services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));
        await api.InitializeAsync();
        (users, posts, _) = await PipelineWorld.SeedAsync(api, users: 3, posts: 2);
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task A_caller_flooding_at_ten_times_its_budget_gets_429_while_another_caller_s_events_are_all_accepted_and_ingested()
    {
        using var flooder = await KeyClientAsync("flooder", eventsPerMinute: 600);
        using var other = await KeyClientAsync("other", eventsPerMinute: null);
        await using var ingestor = await PipelineWorld.IngestorAsync(api);
        ingestor.Start();

        var flooded = new List<HttpStatusCode>();
        var others = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 60; i++)
        {
            var response = await PostAsync(flooder, Views(posts[0], Batch));
            flooded.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && refused is null)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
            if (i % 6 == 0)
            {
                using var theirs = await PostAsync(other, Views(posts[1], Batch));
                others.Add(theirs.StatusCode);
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Accepted, 6).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 54)), flooded);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Accepted, 10), others);
        using (refused)
        {
            Assert.Equal("600", Header(refused!, "RateLimit-Limit"));
            Assert.Equal("0", Header(refused!, "RateLimit-Remaining"));
            // 100 events at 10 a second.
            Assert.Equal("10", Header(refused!, "Retry-After"));
            var problem = await refused!.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Equal(429, problem.GetProperty("status").GetInt32());
        }

        await AggregatesGroup.WaitUntilDrainedAsync(Redis, TimeSpan.FromMinutes(1));
        Assert.Equal(600, await ViewsInPostgresAsync(posts[0]));
        Assert.Equal(1_000, await ViewsInPostgresAsync(posts[1]));
        Assert.Equal(600, (long)await Redis.HashGetAsync(RedisKeys.PostCounters(RedisKeys.DefaultPartition, posts[0]), RedisKeys.CounterFields.Views));
    }

    [Fact]
    public async Task A_budget_refills_at_its_rate_and_only_accepted_events_spend_it()
    {
        using var client = await KeyClientAsync("refilled", eventsPerMinute: 600);
        var first = Views(posts[0], Batch, ids: true);

        using (var accepted = await PostAsync(client, first))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.Equal("500", Header(accepted, "RateLimit-Remaining"));
            Assert.Equal("600", Header(accepted, "RateLimit-Limit"));
            Assert.Equal("10", Header(accepted, "RateLimit-Reset"));
        }
        // A resend is recognised, answered 202, and costs nothing.
        using (var resent = await PostAsync(client, first))
        {
            Assert.Equal(new IngestAccepted(0, Batch), await resent.Content.ReadFromJsonAsync<IngestAccepted>(TestContext.Current.CancellationToken));
            Assert.Equal("500", Header(resent, "RateLimit-Remaining"));
        }
        for (var i = 0; i < 5; i++)
        {
            using var spent = await PostAsync(client, Views(posts[0], Batch));
            Assert.Equal(HttpStatusCode.Accepted, spent.StatusCode);
        }
        using (var empty = await PostAsync(client, Views(posts[0], 1)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, empty.StatusCode);
            Assert.Equal("1", Header(empty, "Retry-After"));
        }

        time.Advance(TimeSpan.FromSeconds(30));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await PostAsync(client, Views(posts[0], Batch));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(900, await Redis.StreamLengthAsync(EventStreamNames.Key));
    }

    [Fact]
    public async Task A_batch_larger_than_the_whole_budget_is_a_400_and_a_key_s_budget_can_be_changed()
    {
        var key = await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("small", ApiKeyScopes.Ingest, EventsPerMinute: 60));
        using var client = api.CreateClient(apiKey: key.Secret);

        using (var tooLarge = await PostAsync(client, Views(posts[0], Batch)))
        {
            await tooLarge.AssertInvalidFieldAsync("events");
        }
        using (var raised = await api.Client.PutAsJsonAsync($"/api/keys/{key.Id}/budget", new ApiKeyBudgetRequest(6_000), TestContext.Current.CancellationToken))
        {
            Assert.Equal(6_000, (await raised.Content.ReadFromJsonAsync<ApiKeyResponse>(TestContext.Current.CancellationToken))!.EventsPerMinute);
        }
        using (var fits = await PostAsync(client, Views(posts[0], Batch)))
        {
            Assert.Equal(HttpStatusCode.Accepted, fits.StatusCode);
            Assert.Equal("6000", Header(fits, "RateLimit-Limit"));
        }
        using (var invalid = await api.Client.PutAsJsonAsync($"/api/keys/{key.Id}/budget", new ApiKeyBudgetRequest(0), TestContext.Current.CancellationToken))
        {
            await invalid.AssertInvalidFieldAsync("eventsPerMinute");
        }
        Assert.Equal(Batch, await Redis.StreamLengthAsync(EventStreamNames.Key));
    }

    [Fact]
    public async Task A_session_s_budget_is_far_lower_than_a_key_s()
    {
        await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("budgeted", "Budgeted", "budgeted@example.com", "GB", "budget-password"));
        var session = await api.PostAsync<SessionCreated>("/api/sessions", new CreateSessionRequest("budgeted", "budget-password"));
        using var signedIn = api.CreateClient(bearer: session.Token);
        var statuses = new List<HttpStatusCode>();
        string? remaining = null;
        for (var i = 0; i < 3; i++)
        {
            using var response = await PostAsync(signedIn, Searches(600));
            statuses.Add(response.StatusCode);
            remaining ??= Header(response, "RateLimit-Remaining");
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("600", remaining);
    }

    private async Task<HttpClient> KeyClientAsync(string name, int? eventsPerMinute) =>
        api.CreateClient(apiKey: (await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest(name, ApiKeyScopes.Ingest, eventsPerMinute))).Secret);

    private async Task<long> ViewsInPostgresAsync(long post)
    {
        await using var command = api.Database.CreateCommand($"select coalesce((select views from post_stats where post_id = {post}), 0)");
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private string Views(long post, int count, bool ids = false) =>
        PipelineWorld.ViewsBody(post, count, users, ids ? i => new Guid(1, 0, 0, 0, 0, 0, 0, 0, 0, (byte)(i / 256), (byte)(i % 256)) : null);

    private static string Searches(int count) =>
        $$"""{"events":[{{string.Join(',', Enumerable.Repeat("""{"type":"search"}""", count))}}]}""";

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body) =>
        await client.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}

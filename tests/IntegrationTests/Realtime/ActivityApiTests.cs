using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Pulse.Api.Realtime;
using Pulse.Api.Security;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Posts;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Realtime;

/// <summary><c>GET /api/realtime/activity</c> through the real Api: events posted to it, sessions signed in and out.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class ActivityApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ApiServer api = new(postgres);
    private UserResponse ada = null!;
    private PostResponse post = null!;

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        ada = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("ada", "Ada", "ada@example.com", "GB", "ada-password"));
        await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("bob", "Bob", "bob@example.com", "US", "bob-password"));
        post = await api.PostAsync<PostResponse>("/api/posts", new CreatePostRequest(ada.Id, "Counting minutes", []));
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task Posted_events_count_in_the_last_minutes_and_the_last_day_and_resent_ids_do_not()
    {
        var resent = Guid.CreateVersion7().ToString();
        await PostEventsAsync(View(resent), View(null), View(null));
        await PostEventsAsync(View(resent), View(null));

        var activity = await GetActivityAsync("?minutes=60");

        Assert.Equal(60, activity.Minutes.Count);
        // The events may straddle a minute's end: both minutes are among the last 60.
        Assert.Equal(4, activity.Minutes.Sum(minute => minute.Events));
        Assert.Equal(4, activity.EventsLast24Hours);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => activity.Minutes[0].Minute.AddMinutes(i)), activity.Minutes.Select(minute => minute.Minute));
        var current = EventMinutes.Start(EventMinutes.UnixMinute(activity.CheckedAt));
        Assert.Equal(current, activity.Minutes[^1].Minute);
    }

    [Fact]
    public async Task The_window_is_as_long_as_asked_and_quiet_minutes_are_zero()
    {
        var day = await GetActivityAsync("?minutes=1440");
        var defaultWindow = await GetActivityAsync("");

        Assert.Equal(1440, day.Minutes.Count);
        Assert.All(day.Minutes, minute => Assert.Equal(0, minute.Events));
        Assert.Equal((0L, 0L), (day.EventsLast24Hours, day.ActiveSessions));
        Assert.Equal(60, defaultWindow.Minutes.Count);
    }

    [Fact]
    public async Task Sessions_count_while_signed_in_and_stop_at_sign_out()
    {
        var first = await SignInAsync("ada", "ada-password");
        await SignInAsync("bob", "bob-password");
        await SignInAsync("ada", "ada-password");
        var signedIn = (await GetActivityAsync("")).ActiveSessions;

        using (var client = api.CreateClient(bearer: first.Token))
        {
            using var signOut = await client.DeleteAsync("/api/sessions/current", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        Assert.Equal(3, signedIn);
        Assert.Equal(2, (await GetActivityAsync("")).ActiveSessions);
        Assert.Equal(2, await ActiveSetSizeAsync());
    }

    [Fact]
    public async Task A_session_that_expired_unused_stops_counting_and_the_next_sign_in_sweeps_it_out()
    {
        var expiring = await SignInAsync("ada", "ada-password");
        await SignInAsync("bob", "bob-password");
        var hash = Secrets.HashHex(expiring.Token);
        var database = api.Redis.Connection.GetDatabase();
        // As Redis would leave it once its 30 minutes ran out: the hash gone, the set still holding it.
        await database.KeyDeleteAsync(RedisKeys.Sessions.Session(hash));
        await database.SortedSetAddAsync(RedisKeys.Sessions.Active, hash, DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds());

        var afterExpiry = await GetActivityAsync("");
        await SignInAsync("bob", "bob-password");

        Assert.Equal(1, afterExpiry.ActiveSessions);
        Assert.Null(await database.SortedSetScoreAsync(RedisKeys.Sessions.Active, hash));
        Assert.Equal(2, await ActiveSetSizeAsync());
    }

    [Fact]
    public async Task Each_use_of_a_session_moves_its_expiry_in_the_set_of_active_ones()
    {
        var session = await SignInAsync("ada", "ada-password");
        var hash = Secrets.HashHex(session.Token);
        var database = api.Redis.Connection.GetDatabase();
        // As if 29 of its 30 minutes had passed.
        await database.SortedSetAddAsync(RedisKeys.Sessions.Active, hash, DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());

        using var client = api.CreateClient(bearer: session.Token);
        using var response = await client.GetAsync("/api/sessions/current", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds((long)(await database.SortedSetScoreAsync(RedisKeys.Sessions.Active, hash))!.Value);
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddMinutes(29), DateTimeOffset.UtcNow.AddMinutes(30));
    }

    [Theory]
    [InlineData("?minutes=0")]
    [InlineData("?minutes=1441")]
    [InlineData("?minutes=-5")]
    public async Task Minutes_outside_one_to_a_day_answer_400(string query)
    {
        using var response = await api.Client.GetAsync($"/api/realtime/activity{query}", TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync("minutes");
    }

    [Fact]
    public async Task Activity_is_for_admins_only()
    {
        var ingestKey = await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("ingest", "ingest"));
        using var anonymous = api.CreateClient();
        using var ingest = api.CreateClient(apiKey: ingestKey.Secret);

        using var withoutCredentials = await anonymous.GetAsync("/api/realtime/activity", TestContext.Current.CancellationToken);
        using var withIngestKey = await ingest.GetAsync("/api/realtime/activity", TestContext.Current.CancellationToken);

        await withoutCredentials.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Forbidden, withIngestKey.StatusCode);
    }

    [Fact]
    public async Task Activity_is_described_in_openapi()
    {
        var document = await api.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Contains("\"/api/realtime/activity\"", document, StringComparison.Ordinal);
        Assert.Contains("\"operationId\": \"GetEventActivity\"", document, StringComparison.Ordinal);
    }

    private JsonObject View(string? id)
    {
        var view = new JsonObject { ["type"] = EventTypes.PostView, ["userId"] = ada.Id, ["postId"] = post.Id };
        if (id is not null)
        {
            view["id"] = id;
        }
        return view;
    }

    private async Task PostEventsAsync(params JsonObject[] events)
    {
        using var response = await api.Client.PostAsJsonAsync("/api/events", new JsonObject { ["events"] = new JsonArray([.. events]) }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<EventActivity> GetActivityAsync(string query) =>
        (await api.Client.GetFromJsonAsync<EventActivity>($"/api/realtime/activity{query}", TestContext.Current.CancellationToken))!;

    private Task<SessionCreated> SignInAsync(string handle, string password) =>
        api.PostAsync<SessionCreated>("/api/sessions", new CreateSessionRequest(handle, password));

    private Task<long> ActiveSetSizeAsync() => api.Redis.Connection.GetDatabase().SortedSetLengthAsync(RedisKeys.Sessions.Active);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pulse.Contracts.Events;
using Pulse.Contracts.Notifications;
using Pulse.Contracts.Posts;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.IntegrationTests.Notifications;
using Pulse.IntegrationTests.Pipeline;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Cluster;

/// <summary>
/// What docs/operations.md promises for Redis Cluster: the Api and the Ingestor on three primaries,
/// connected without admin mode, take events, count, rank, keep sessions and rate limits, deliver
/// notifications, fill the aggregates, and report themselves healthy.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class RedisClusterTests(PulseOnRedisCluster pulse) : IClassFixture<PulseOnRedisCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private ApiServer Api => pulse.Api;

    [Fact]
    public async Task Accepted_events_reach_the_aggregates_exactly_as_sent()
    {
        var (users, posts, authorOf) = pulse.World;
        var feed = new EventFeed(users, posts, authorOf, seed: 6);
        using var client = await PipelineWorld.IngestClientAsync(Api);

        var accepted = await EventFeed.SendAsync(client, feed.Batches(count: 4, size: 250, spread: TimeSpan.FromDays(2)), Cancellation);

        await AggregatesGroup.WaitUntilDrainedAsync(pulse.Cluster.Connection.GetDatabase(), Patience);
        var applied = await AggregateSnapshot.ReadAsync(Api.Database, Cancellation);
        feed.Expected(accepted.Values).AssertEqual(applied.Of(posts, users));
        Assert.Equal(1_000, accepted.Count);
    }

    [Fact]
    public async Task A_posts_counters_are_read_back()
    {
        var (author, post) = await AuthorAndPostAsync("counted", "Counted post");

        await SendAsync(author.Id, (EventTypes.PostView, post.Id), (EventTypes.PostView, post.Id), (EventTypes.PostLike, post.Id), (EventTypes.PostShare, post.Id));

        var counters = await Api.Client.GetFromJsonAsync<PostCounters[]>($"/api/counters?postIds={post.Id}", Cancellation);
        Assert.Equal([new PostCounters(post.Id, 2, 1, 0, 1)], counters!);
    }

    [Theory]
    [InlineData("decay")]
    [InlineData("1h")]
    [InlineData("24h")]
    public async Task Trending_ranks_a_shared_post_above_a_viewed_one(string window)
    {
        var (author, shared) = await AuthorAndPostAsync($"ranked_{window}", "Shared post");
        var viewed = await Api.PostAsync<PostResponse>("/api/posts", new CreatePostRequest(author.Id, "Viewed post", []));

        await SendAsync(author.Id, (EventTypes.PostShare, shared.Id), (EventTypes.PostView, viewed.Id));

        var trending = (await Api.Client.GetFromJsonAsync<TrendingPost[]>($"/api/trending?window={window}&limit=100", Cancellation))!;
        var ranks = trending.ToDictionary(post => post.PostId, post => post.Rank);
        Assert.True(ranks[shared.Id] < ranks[viewed.Id], $"shared ranks {ranks[shared.Id]}, viewed {ranks[viewed.Id]}");
    }

    [Fact]
    public async Task A_member_signs_in_uses_the_session_and_signs_out()
    {
        var (member, post) = await AuthorAndPostAsync("member", "A member's post");
        using var anonymous = Api.CreateClient();
        using var signIn = await anonymous.PostAsJsonAsync("/api/sessions", new CreateSessionRequest(member.Handle, Password(member.Handle)), Cancellation);
        Assert.Equal(HttpStatusCode.Created, signIn.StatusCode);
        var token = (await signIn.Content.ReadFromJsonAsync<SessionCreated>(Cancellation))!.Token;
        using var session = Api.CreateClient(bearer: token);

        var current = await session.GetFromJsonAsync<SessionResponse>("/api/sessions/current", Cancellation);
        using var ownEvent = await session.PostAsJsonAsync("/api/events", Events(member.Id, (EventTypes.PostView, post.Id)), Cancellation);
        using var signOut = await session.DeleteAsync("/api/sessions/current", Cancellation);
        using var afterSignOut = await session.GetAsync("/api/sessions/current", Cancellation);

        Assert.Equal(member.Id, current!.UserId);
        Assert.Equal(HttpStatusCode.Accepted, ownEvent.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterSignOut.StatusCode);
    }

    [Fact]
    public async Task Past_its_limit_a_caller_is_refused_with_429()
    {
        // A credential of its own: no other test counts against this allowance.
        using var caller = Api.CreateClient(bearer: "ps_made-up-token-for-the-cluster-rate-limit");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= PulseOnRedisCluster.AnalyticsLimit; i++)
        {
            using var response = await caller.GetAsync("/api/analytics/posts/top", Cancellation);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, PulseOnRedisCluster.AnalyticsLimit), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_like_reaches_the_authors_notification_stream()
    {
        var (author, post) = await AuthorAndPostAsync("notified", "A post to like");
        var fan = await Api.PostAsync<UserResponse>("/api/users", NewUser("fan"));
        using var anonymous = Api.CreateClient();
        var token = (await (await anonymous.PostAsJsonAsync("/api/sessions", new CreateSessionRequest(author.Handle, Password(author.Handle)), Cancellation))
            .Content.ReadFromJsonAsync<SessionCreated>(Cancellation))!.Token;
        using var client = Api.CreateClient(bearer: token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        stop.CancelAfter(Patience);
        using var stream = await client.GetAsync("/api/notifications/stream", HttpCompletionOption.ResponseHeadersRead, stop.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(stop.Token));
        // Sent once the Api's subscription is live, so nothing published after it is missed.
        Assert.Equal(NotificationEvents.Ready, (await ServerSentEvents.ReadAsync(reader, stop.Token)).Type);

        await SendAsync(fan.Id, (EventTypes.PostLike, post.Id));

        // Trending changes share the stream; the like's notification comes once the Ingestor applied it.
        var received = await ServerSentEvents.ReadAsync(reader, stop.Token);
        while (received.Type != NotificationEvents.Notification)
        {
            received = await ServerSentEvents.ReadAsync(reader, stop.Token);
        }
        var notification = received.Data.Deserialize<UserNotification>(Json)!;
        Assert.Equal((NotificationKind.PostLiked, author.Id, fan.Id, post.Id), (notification.Kind, notification.RecipientId, notification.ActorId, notification.PostId));
    }

    [Fact]
    public async Task The_api_and_the_ingestor_report_redis_healthy_without_admin_mode()
    {
        Assert.DoesNotContain("allowAdmin", pulse.Cluster.ConnectionString, StringComparison.OrdinalIgnoreCase);

        using var apiResponse = await Api.Client.GetAsync("/health", Cancellation);
        var apiHealth = await apiResponse.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        // The Ingestor is healthy once its consumer groups run too: wait for that, not for Redis.
        var ingestorHealth = await Eventually.ReturnsAsync(() => IngestorHealthAsync(), health => health is { } body && Status(body) == "Healthy", Patience, "the Ingestor to be healthy");

        Assert.Equal(HttpStatusCode.OK, apiResponse.StatusCode);
        Assert.Equal("Healthy", RedisCheck(apiHealth));
        Assert.Equal("Healthy", RedisCheck(ingestorHealth!.Value));
    }

    [Fact]
    public async Task Anonymous_callers_see_the_health_states_and_no_cluster_address()
    {
        using var anonymous = Api.CreateClient();

        var body = await anonymous.GetStringAsync("/health", Cancellation);

        Assert.Equal("Healthy", RedisCheck(JsonSerializer.Deserialize<JsonElement>(body)));
        Assert.All(pulse.Cluster.Nodes, node => Assert.DoesNotContain(node.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal));
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
    }

    private const string RedisCheckName = "StackExchange.Redis";

    private static string? Status(JsonElement health) => health.GetProperty("status").GetString();

    private static string? RedisCheck(JsonElement health) =>
        health.GetProperty("checks").GetProperty(RedisCheckName).GetProperty("status").GetString();

    private async Task<JsonElement?> IngestorHealthAsync()
    {
        try
        {
            using var response = await pulse.Ingestor.GetAsync("/health", Cancellation);
            return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
            return null;
        }
    }

    private async Task<(UserResponse Author, PostResponse Post)> AuthorAndPostAsync(string handle, string content)
    {
        var author = await Api.PostAsync<UserResponse>("/api/users", NewUser(handle));
        var post = await Api.PostAsync<PostResponse>("/api/posts", new CreatePostRequest(author.Id, content, []));
        return (author, post);
    }

    private static CreateUserRequest NewUser(string handle) => new(handle, handle, $"{handle}@example.com", "DE", Password(handle));

    private static string Password(string handle) => $"{handle}-password";

    private async Task SendAsync(long userId, params (string Type, long PostId)[] events)
    {
        using var client = await PipelineWorld.IngestClientAsync(Api);
        using var response = await client.PostAsJsonAsync("/api/events", Events(userId, events), Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Cancellation));
    }

    private static IngestRequest Events(long userId, params (string Type, long PostId)[] events) =>
        new([.. events.Select(e => (IngestEvent?)new IngestEvent(null, e.Type, userId, e.PostId, null, null, null, null, null))]);
}

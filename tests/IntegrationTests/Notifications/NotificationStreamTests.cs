using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pulse.Contracts;
using Pulse.Contracts.Notifications;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Notifications;

/// <summary>Redis pub/sub to a signed-in browser's server-sent events, end to end.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class NotificationStreamTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ApiServer api = new(postgres);
    private UserResponse ada = null!;
    private UserResponse bob = null!;
    private string token = "";

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        ada = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("ada", "Ada", "ada@example.com", "GB", "ada-password"));
        bob = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("bob", "Bob", "bob@example.com", "US", "bob-password"));
        using var anonymous = api.CreateClient();
        token = (await (await anonymous.PostAsJsonAsync("/api/sessions", new CreateSessionRequest("ada", "ada-password"), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<SessionCreated>(TestContext.Current.CancellationToken))!.Token;
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task A_users_notifications_and_trending_changes_arrive_as_server_sent_events()
    {
        using var client = api.CreateClient(bearer: token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(Patience);
        using var response = await client.GetAsync("/api/notifications/stream", HttpCompletionOption.ResponseHeadersRead, stop.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
        using var reader = new StreamReader(body);

        var ready = await ReadEventAsync(reader, stop.Token);
        Assert.Equal(NotificationEvents.Ready, ready.Type);
        var redis = api.Redis.Connection;
        await WaitForSubscriberAsync(redis, RedisKeys.Notifications.User(ada.Id));
        var liked = new UserNotification(NotificationKind.PostLiked, ada.Id, bob.Id, 42, DateTimeOffset.UnixEpoch);
        // Bob's notification goes to Bob's channel: Ada's stream must not show it.
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.Notifications.User(bob.Id)),
            JsonSerializer.Serialize(liked with { RecipientId = bob.Id, PostId = 7 }, Json));
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.Notifications.User(ada.Id)), JsonSerializer.Serialize(liked, Json));
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.Notifications.Trending),
            JsonSerializer.Serialize(new TrendingChanged([42, 7], DateTimeOffset.UnixEpoch), Json));

        // Pub/sub orders messages within a channel, not across the two: take them as they come.
        var events = new[] { await ReadEventAsync(reader, stop.Token), await ReadEventAsync(reader, stop.Token) }
            .ToDictionary(received => received.Type, received => received.Data);

        Assert.Equal([NotificationEvents.Notification, NotificationEvents.Trending], events.Keys.Order());
        Assert.Equal(liked, events[NotificationEvents.Notification].Deserialize<UserNotification>(Json));
        Assert.Equal([42L, 7L], events[NotificationEvents.Trending].Deserialize<TrendingChanged>(Json)!.TopPostIds);
    }

    [Fact]
    public async Task A_burst_of_notifications_arrives_in_the_order_it_was_published()
    {
        using var client = api.CreateClient(bearer: token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(Patience);
        using var response = await client.GetAsync("/api/notifications/stream", HttpCompletionOption.ResponseHeadersRead, stop.Token);
        await using var body = await response.Content.ReadAsStreamAsync(stop.Token);
        using var reader = new StreamReader(body);
        Assert.Equal(NotificationEvents.Ready, (await ReadEventAsync(reader, stop.Token)).Type);
        var redis = api.Redis.Connection;
        await WaitForSubscriberAsync(redis, RedisKeys.Notifications.User(ada.Id));
        // Handlers of one channel may run concurrently; the feed must still hand them on in order.
        var published = Enumerable.Range(1, 200)
            .Select(post => new UserNotification(NotificationKind.PostLiked, ada.Id, bob.Id, post, DateTimeOffset.UnixEpoch))
            .ToArray();
        await api.Redis.PublishBurstAsync(RedisKeys.Notifications.User(ada.Id), published.Select(notification => JsonSerializer.Serialize(notification, Json)));

        var received = new List<long?>();
        while (received.Count < published.Length)
        {
            received.Add((await ReadEventAsync(reader, stop.Token)).Data.Deserialize<UserNotification>(Json)!.PostId);
        }

        Assert.Equal(published.Select(notification => notification.PostId), received);
    }

    [Fact]
    public async Task The_stream_needs_a_session()
    {
        using var anonymous = api.CreateClient();

        using var response = await anonymous.GetAsync("/api/notifications/stream", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static Task<long> WaitForSubscriberAsync(ConnectionMultiplexer redis, string channel) =>
        Eventually.ReturnsAsync(
            async () => (long)((RedisResult[])(await redis.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", channel))!)[1],
            subscribers => subscribers > 0,
            Patience,
            $"the Api to subscribe to {channel}");

    /// <summary>Reads one server-sent event: its 'event:' and 'data:' lines up to the blank line.</summary>
    private static async Task<(string Type, JsonElement Data)> ReadEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? type = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else if (line.Length == 0 && data is not null)
            {
                return (type ?? "message", JsonSerializer.Deserialize<JsonElement>(data));
            }
        }
        throw new Xunit.Sdk.XunitException("The stream ended before an event arrived.");
    }
}

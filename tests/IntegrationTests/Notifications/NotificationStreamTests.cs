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

    private const int StreamsPerUser = 2;

    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        ["Pulse:Notifications:SessionCheckSeconds"] = "1",
        ["Pulse:Notifications:MaxStreamsPerUser"] = StreamsPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Pulse:Notifications:StreamLeaseSeconds"] = "5",
    });
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

        var ready = await ServerSentEvents.ReadAsync(reader, stop.Token);
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
        var events = new[] { await ServerSentEvents.ReadAsync(reader, stop.Token), await ServerSentEvents.ReadAsync(reader, stop.Token) }
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
        Assert.Equal(NotificationEvents.Ready, (await ServerSentEvents.ReadAsync(reader, stop.Token)).Type);
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
            received.Add((await ServerSentEvents.ReadAsync(reader, stop.Token)).Data.Deserialize<UserNotification>(Json)!.PostId);
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

    [Fact]
    public async Task Signing_out_ends_an_open_stream_within_the_check_interval()
    {
        await using var stream = await OpenStreamAsync(token);
        using var sameSession = api.CreateClient(bearer: token);

        using var signOut = await sameSession.DeleteAsync("/api/sessions/current", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        await stream.AssertEndsAsync(within: TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_session_that_expires_ends_its_stream()
    {
        await using var stream = await OpenStreamAsync(token);

        // What Redis does when the sliding expiry passes.
        await api.Redis.Connection.GetDatabase().KeyDeleteAsync(RedisKeys.Sessions.Session(Pulse.Api.Security.Secrets.HashHex(token)));

        await stream.AssertEndsAsync(within: TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_user_holds_a_bounded_number_of_streams_and_a_closed_one_frees_its_place()
    {
        var open = new List<OpenStream>();
        for (var i = 0; i < StreamsPerUser; i++)
        {
            open.Add(await OpenStreamAsync(token));
        }
        using var client = api.CreateClient(bearer: token);

        using var refused = await client.GetAsync("/api/notifications/stream", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains(StreamsPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);

        await open[0].DisposeAsync();
        // The server notices the closed stream and gives its place back.
        await using var again = await Eventually.ReturnsAsync(async () => await TryOpenStreamAsync(token), stream => stream is not null, Patience, "a place for a new stream");
        foreach (var stream in open.Skip(1))
        {
            await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_places_of_streams_on_a_replica_that_died_free_themselves_when_their_leases_lapse()
    {
        // What a replica that died leaves behind: places whose leases nobody renews.
        var lapseAt = DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeMilliseconds();
        var database = api.Redis.Connection.GetDatabase();
        for (var i = 0; i < StreamsPerUser; i++)
        {
            await database.SortedSetAddAsync(RedisKeys.Sessions.Streams(ada.Id), $"dead-{i}", lapseAt);
        }

        Assert.Null(await TryOpenStreamAsync(token));
        await using var stream = await Eventually.ReturnsAsync(() => TryOpenStreamAsync(token), opened => opened is not null, Patience, "the dead replica's places to free");
    }

    private async Task<OpenStream> OpenStreamAsync(string bearer) =>
        await TryOpenStreamAsync(bearer) ?? throw new Xunit.Sdk.XunitException("The stream was refused.");

    private async Task<OpenStream?> TryOpenStreamAsync(string bearer)
    {
        var client = api.CreateClient(bearer: bearer);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(Patience);
        var response = await client.GetAsync("/api/notifications/stream", HttpCompletionOption.ResponseHeadersRead, stop.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            response.Dispose();
            client.Dispose();
            stop.Dispose();
            return null;
        }
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
        Assert.Equal(NotificationEvents.Ready, (await ServerSentEvents.ReadAsync(reader, stop.Token)).Type);
        return new OpenStream(client, response, reader, stop);
    }

    /// <summary>A stream the test reads; disposing it closes it, as a browser leaving the page does.</summary>
    private sealed class OpenStream(HttpClient client, HttpResponseMessage response, StreamReader reader, CancellationTokenSource stop) : IAsyncDisposable
    {
        /// <summary>Waits for the server to end the stream (events meanwhile are skipped).</summary>
        public async Task AssertEndsAsync(TimeSpan within)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            deadline.CancelAfter(within);
            try
            {
                while (await reader.ReadLineAsync(deadline.Token) is not null)
                {
                }
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"The stream was still open after {within.TotalSeconds:0} s.");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            reader.Dispose();
            response.Dispose();
            client.Dispose();
            stop.Dispose();
        }
    }

    private static Task<long> WaitForSubscriberAsync(ConnectionMultiplexer redis, string channel) =>
        Eventually.ReturnsAsync(
            async () => (long)((RedisResult[])(await redis.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", channel))!)[1],
            subscribers => subscribers > 0,
            Patience,
            $"the Api to subscribe to {channel}");
}

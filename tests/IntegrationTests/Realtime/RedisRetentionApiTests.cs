using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Pulse.Api.Realtime;
using Pulse.Contracts;
using Pulse.Contracts.Posts;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Realtime;

/// <summary>
/// The Api reads <c>Pulse:Retention</c> for the Redis keys its event script writes: an event posted
/// through the real Api leaves its minute's count and its trending hour bucket with the configured
/// time to live (values no constant in the code has).
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class RedisRetentionApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan MinuteCounts = TimeSpan.FromHours(30);
    private static readonly TimeSpan TrendingHours = TimeSpan.FromDays(2);

    private readonly ApiServer api = new(postgres, new Dictionary<string, string?>
    {
        ["Pulse:Retention:MinuteCounts"] = MinuteCounts.ToString(),
        ["Pulse:Retention:TrendingHours"] = TrendingHours.ToString(),
    });

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task A_posted_event_s_minute_count_and_hour_bucket_expire_as_configured()
    {
        var ada = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("ada", "Ada", "ada@example.com", "GB", "ada-password"));
        var post = await api.PostAsync<PostResponse>("/api/posts", new CreatePostRequest(ada.Id, "Kept as configured", []));
        var before = DateTimeOffset.UtcNow;

        var view = new JsonObject { ["type"] = EventTypes.PostView, ["userId"] = ada.Id, ["postId"] = post.Id, ["timestamp"] = before.ToString("O") };
        using var response = await api.Client.PostAsJsonAsync("/api/events", new JsonObject { ["events"] = new JsonArray(view) }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var after = DateTimeOffset.UtcNow;

        var database = api.Redis.Connection.GetDatabase();
        // The minute the Api accepted it in lies between the two clock readings.
        var minuteTtl = await database.KeyTimeToLiveAsync(RedisKeys.EventsPerMinute(RedisKeys.DefaultPartition, EventMinutes.UnixMinute(after)))
            ?? await database.KeyTimeToLiveAsync(RedisKeys.EventsPerMinute(RedisKeys.DefaultPartition, EventMinutes.UnixMinute(before)));
        Assert.NotNull(minuteTtl);
        Assert.InRange(minuteTtl.Value, MinuteCounts - TimeSpan.FromMinutes(1), MinuteCounts);

        // A bucket lives the retention from the start of its hour.
        var hourStart = DateTimeOffset.FromUnixTimeMilliseconds(TrendingWindows.UnixHour(before) * (long)TrendingWindows.Hour.TotalMilliseconds);
        var bucketTtl = await database.KeyTimeToLiveAsync(RedisKeys.TrendingHour(RedisKeys.DefaultPartition, TrendingWindows.UnixHour(before)));
        Assert.NotNull(bucketTtl);
        Assert.InRange(bucketTtl.Value, hourStart + TrendingHours - after - TimeSpan.FromSeconds(5), hourStart + TrendingHours - before);
    }

    [Fact]
    public async Task An_Api_with_a_trending_retention_shorter_than_its_window_does_not_start()
    {
        var shortBuckets = new ApiServer(postgres, new Dictionary<string, string?> { ["Pulse:Retention:TrendingHours"] = "1.00:00:00" });

        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await shortBuckets.InitializeAsync());
        await shortBuckets.DisposeAsync();

        Assert.Contains("Pulse:Retention:TrendingHours must be at least 25 hours", failure.ToString(), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Pulse.AppHost.Hosting.Local;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Posts;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;

namespace Pulse.AppHostTests.EndToEnd;

/// <summary>
/// A store swapped for one outside the app model by its connection string, running: the stack
/// starts no Redis of its own, and the Api and Ingestor do their work on the one given.
/// </summary>
public sealed class ExternalRedisTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task With_a_redis_connection_string_the_stack_runs_on_that_redis()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await LocalPulseApp.StartAsync(SeedSettings.NoSeed, activityDays: 0, cancellationToken,
            $"--ConnectionStrings:{ResourceNames.Redis}={redis.ConnectionString}");
        Assert.DoesNotContain(app.Services.GetRequiredService<DistributedApplicationModel>().Resources, resource => resource is LocalRedisResource);
        using var api = app.CreateHttpClient(ResourceNames.Api, "http");
        api.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, LocalPulseApp.AdminKey);
        var author = await api.PostForAsync<UserResponse>("/api/users", new CreateUserRequest("external_redis", "External Redis", "external@example.com", "NL", "password1"));
        var post = await api.PostForAsync<PostResponse>("/api/posts", new CreatePostRequest(author.Id, "On someone else's Redis", []));

        using var response = await api.PostAsJsonAsync("/api/events",
            new IngestRequest([new IngestEvent(null, "post_like", author.Id, post.Id, null, null, null, null, null)]), cancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var database = redis.Connection.GetDatabase();
        Assert.Equal(1, (long)await database.HashGetAsync(RedisKeys.PostCounters(RedisKeys.DefaultPartition, post.Id), RedisKeys.CounterFields.Likes));
        // The Ingestor reads the same stream: its aggregates group exists there and acknowledges the event.
        await Eventually.ReturnsAsync(async () =>
        {
            var groups = await database.StreamGroupInfoAsync(EventStreamNames.Key);
            return groups.FirstOrDefault(group => group.Name == EventStreamNames.Groups.Aggregates);
        }, group => group.EntriesRead >= 1 && group.PendingMessageCount == 0, Patience, "the Ingestor to acknowledge the event on the external Redis");
    }

}

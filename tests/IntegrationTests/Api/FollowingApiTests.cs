using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Data;
using Pulse.Pipeline.Privacy;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Api;

[Collection(nameof(PostgresGroup))]
public sealed class FollowingApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ApiServer api = new(postgres);
    private UserResponse ada = null!;
    private UserResponse bob = null!;

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        ada = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("ada", "Ada", "ada@example.com", "GB", "password1"));
        bob = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("bob", "Bob", "bob@example.com", "US", "password1"));
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task Following_is_idempotent()
    {
        using var first = await api.Client.PutAsync($"/api/users/{ada.Id}/following/{bob.Id}", null, TestContext.Current.CancellationToken);
        using var second = await api.Client.PutAsync($"/api/users/{ada.Id}/following/{bob.Id}", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(1, await api.CountAsync("follows"));
        var followed = await api.Client.GetFromJsonAsync<UserResponse>($"/api/users/{bob.Id}", TestContext.Current.CancellationToken);
        Assert.Equal(1, followed!.Followers);
    }

    [Fact]
    public async Task Unfollowing_removes_the_follow_and_is_idempotent()
    {
        await api.ExecuteAsync($"insert into follows (follower_id, followee_id) values ({ada.Id}, {bob.Id})");

        using var first = await api.Client.DeleteAsync($"/api/users/{ada.Id}/following/{bob.Id}", TestContext.Current.CancellationToken);
        using var second = await api.Client.DeleteAsync($"/api/users/{ada.Id}/following/{bob.Id}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(0, await api.CountAsync("follows"));
    }

    [Fact]
    public async Task Following_oneself_answers_400_on_target_id()
    {
        using var response = await api.Client.PutAsync($"/api/users/{ada.Id}/following/{ada.Id}", null, TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync("targetId");
        Assert.Equal(0, await api.CountAsync("follows"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_unknown_user_on_either_side_answers_404_naming_that_user(bool unknownFollower)
    {
        const long unknown = 987654;
        var (follower, followee) = unknownFollower ? (unknown, bob.Id) : (ada.Id, unknown);

        using var put = await api.Client.PutAsync($"/api/users/{follower}/following/{followee}", null, TestContext.Current.CancellationToken);
        using var delete = await api.Client.DeleteAsync($"/api/users/{follower}/following/{followee}", TestContext.Current.CancellationToken);

        foreach (var response in new[] { put, delete })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Contains(unknown.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(0, await api.CountAsync("follows"));
    }

    [Fact]
    public async Task A_person_being_erased_follows_nobody_and_is_answered_as_unknown()
    {
        // Marked, not yet deleted: the erasure's job runs its steps after the mark.
        await ErasedUsers.MarkAsync(api.GetService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase(), ada.Id, ErasedUser.Erased);

        using var put = await api.Client.PutAsync($"/api/users/{ada.Id}/following/{bob.Id}", null, TestContext.Current.CancellationToken);

        var problem = await put.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(ada.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await api.CountAsync("follows"));
    }
}

using System.Net;
using System.Net.Http.Json;
using Pulse.Api.Security;
using Pulse.Contracts;
using Pulse.Contracts.Posts;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Security;

[Collection(nameof(PostgresGroup))]
public sealed class SessionsApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ApiServer api = new(postgres);
    private UserResponse ada = null!;
    private UserResponse bob = null!;

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        ada = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("ada", "Ada", "ada@example.com", "GB", "ada-password"));
        bob = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("bob", "Bob", "bob@example.com", "US", "bob-password"));
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task Signing_in_gives_an_opaque_256_bit_token_that_identifies_the_user()
    {
        var created = await SignInAsync("ADA", "ada-password");
        using var client = api.CreateClient(bearer: created.Token);

        var current = await client.GetFromJsonAsync<SessionResponse>("/api/sessions/current", TestContext.Current.CancellationToken);

        Assert.StartsWith("ps_", created.Token, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(Base64(created.Token[3..])).Length);
        Assert.Equal((ada.Id, "ada"), (current!.UserId, current.Handle));
        // Redis holds the session under the token's hash, never the token.
        var keys = api.Redis.Connection.GetServer(api.Redis.Connection.GetEndPoints()[0]).Keys(pattern: RedisKeys.Sessions.Session("*")).Select(key => key.ToString()).ToList();
        Assert.Equal([RedisKeys.Sessions.Session(Secrets.HashHex(created.Token))], keys);
    }

    [Theory]
    [InlineData("ada", "wrong-password")]
    [InlineData("nobody", "ada-password")]
    public async Task A_wrong_password_or_unknown_handle_answers_the_same_401(string handle, string password)
    {
        using var anonymous = api.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/sessions", new CreateSessionRequest(handle, password), TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Wrong handle or password", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Missing_fields_answer_400()
    {
        using var anonymous = api.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/sessions", new CreateSessionRequest(null, ""), TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldsAsync("handle", "password");
    }

    [Fact]
    public async Task Every_use_slides_the_expiry_back_to_its_full_length()
    {
        var created = await SignInAsync("ada", "ada-password");
        var key = RedisKeys.Sessions.Session(Secrets.HashHex(created.Token));
        var database = api.Redis.Connection.GetDatabase();
        // As if 29 of its 30 minutes had passed.
        await database.KeyExpireAsync(key, TimeSpan.FromMinutes(1));

        using var client = api.CreateClient(bearer: created.Token);
        using var response = await client.GetAsync("/api/sessions/current", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ttl = await database.KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task An_expired_session_is_401()
    {
        var created = await SignInAsync("ada", "ada-password");
        var key = RedisKeys.Sessions.Session(Secrets.HashHex(created.Token));
        var database = api.Redis.Connection.GetDatabase();
        await database.KeyExpireAsync(key, TimeSpan.FromMilliseconds(1));
        await Eventually.ReturnsAsync(() => database.KeyExistsAsync(key), exists => !exists, TimeSpan.FromSeconds(10), "the session to expire");

        using var client = api.CreateClient(bearer: created.Token);
        using var response = await client.GetAsync("/api/sessions/current", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Signing_out_revokes_the_token_at_once()
    {
        var created = await SignInAsync("ada", "ada-password");
        using var client = api.CreateClient(bearer: created.Token);

        using var signOut = await client.DeleteAsync("/api/sessions/current", TestContext.Current.CancellationToken);
        using var after = await client.GetAsync("/api/sessions/current", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_user_posts_and_follows_as_themselves_only()
    {
        var created = await SignInAsync("ada", "ada-password");
        using var client = api.CreateClient(bearer: created.Token);

        using var own = await client.PostAsJsonAsync("/api/posts", new CreatePostRequest(ada.Id, "mine", []), TestContext.Current.CancellationToken);
        using var others = await client.PostAsJsonAsync("/api/posts", new CreatePostRequest(bob.Id, "not mine", []), TestContext.Current.CancellationToken);
        using var follow = await client.PutAsync($"/api/users/{ada.Id}/following/{bob.Id}", null, TestContext.Current.CancellationToken);
        using var followForOther = await client.PutAsync($"/api/users/{bob.Id}/following/{ada.Id}", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        await others.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, follow.StatusCode);
        await followForOther.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(1, await api.CountAsync("posts"));
        Assert.Equal(1, await api.CountAsync("follows"));
    }

    private async Task<SessionCreated> SignInAsync(string handle, string password)
    {
        using var anonymous = api.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/sessions", new CreateSessionRequest(handle, password), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SessionCreated>(TestContext.Current.CancellationToken))!;
    }

    private static string Base64(string base64Url) =>
        base64Url.Replace('-', '+').Replace('_', '/').PadRight(base64Url.Length + (4 - base64Url.Length % 4) % 4, '=');
}

using System.Net;
using System.Net.Http.Json;
using Pulse.Api.Security;
using Pulse.Api.Security.ApiKeys;
using Pulse.Contracts;
using Pulse.Contracts.Security;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Security;

/// <summary>The Redis cache of active API keys in front of PostgreSQL, and why a revocation always wins.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class ApiKeyCacheTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ApiServer api = new(postgres);

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task A_fill_that_read_postgresql_before_a_revocation_cannot_bring_the_key_back()
    {
        var created = await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("raced", "admin"));
        var store = api.GetService<ApiKeyStore>();
        await api.Redis.Connection.GetDatabase().KeyDeleteAsync(RedisKeys.ApiKeys.Active);

        // A lookup's fill, stopped between its two steps: it has read PostgreSQL with the key still active...
        var active = await store.ReadActiveAsync(TestContext.Current.CancellationToken);
        Assert.Contains(Secrets.HashHex(created.Secret), active.Keys.Keys);
        // ...then the key is revoked...
        using (var revoke = await api.Client.DeleteAsync($"/api/keys/{created.Id}", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }
        // ...then the fill tries to write what it read.
        var filled = await store.TryFillAsync(active);

        Assert.False(filled);
        Assert.False(await api.Redis.Connection.GetDatabase().HashExistsAsync(RedisKeys.ApiKeys.Active, Secrets.HashHex(created.Secret)));
        Assert.Null(await store.FindAsync(created.Secret, TestContext.Current.CancellationToken));
        using var client = api.CreateClient(apiKey: created.Secret);
        using var after = await client.GetAsync("/api/keys", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task A_fill_with_nothing_changed_meanwhile_is_written()
    {
        var created = await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("steady", "ingest"));
        var store = api.GetService<ApiKeyStore>();
        await api.Redis.Connection.GetDatabase().KeyDeleteAsync(RedisKeys.ApiKeys.Active);

        var filled = await store.TryFillAsync(await store.ReadActiveAsync(TestContext.Current.CancellationToken));

        Assert.True(filled);
        Assert.True(await api.Redis.Connection.GetDatabase().HashExistsAsync(RedisKeys.ApiKeys.Active, Secrets.HashHex(created.Secret)));
    }

    [Fact]
    public async Task A_key_created_or_revoked_on_one_replica_works_or_stops_at_once_on_another()
    {
        using var second = api.CreateReplicaClient();
        // Both replicas have looked keys up, so both read a built cache.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(api.Client, HttpMethod.Get, "/api/keys", ApiServer.AdminKey));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(second, HttpMethod.Get, "/api/keys", ApiServer.AdminKey));

        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/keys") { Content = JsonContent.Create(new CreateApiKeyRequest("roaming", "admin")) };
        create.Headers.Add(AuthHeaders.ApiKey, ApiServer.AdminKey);
        using var createdOnSecond = await second.SendAsync(create, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, createdOnSecond.StatusCode);
        var created = (await createdOnSecond.Content.ReadFromJsonAsync<ApiKeyCreated>(TestContext.Current.CancellationToken))!;

        using var anonymousFirst = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(anonymousFirst, HttpMethod.Get, "/api/keys", created.Secret));
        Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(api.Client, HttpMethod.Delete, $"/api/keys/{created.Id}", ApiServer.AdminKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(second, HttpMethod.Get, "/api/keys", created.Secret));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, HttpMethod method, string path, string key)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Remove(AuthHeaders.ApiKey);
        request.Headers.Add(AuthHeaders.ApiKey, key);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}

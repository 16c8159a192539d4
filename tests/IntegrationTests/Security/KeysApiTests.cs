using System.Net;
using System.Net.Http.Json;
using Pulse.Api.Security;
using Pulse.Contracts.Security;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Security;

[Collection(nameof(PostgresGroup))]
public sealed class KeysApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ApiServer api = new(postgres);

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task A_new_key_works_with_its_scope_and_is_stored_only_as_a_hash()
    {
        var admin = await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("dashboard", "ADMIN"));
        var ingest = await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("collector", "ingest"));
        using var adminClient = api.CreateClient(apiKey: admin.Secret);
        using var ingestClient = api.CreateClient(apiKey: ingest.Secret);

        using var adminRead = await adminClient.GetAsync("/api/analytics/users/most-followed", TestContext.Current.CancellationToken);
        using var ingestRead = await ingestClient.GetAsync("/api/analytics/users/most-followed", TestContext.Current.CancellationToken);

        Assert.Equal(("admin", "ingest"), (admin.Scope, ingest.Scope));
        Assert.Equal(HttpStatusCode.OK, adminRead.StatusCode);
        await ingestRead.AssertProblemAsync(HttpStatusCode.Forbidden);
        await using var command = api.Database.CreateCommand($"select secret_hash from api_keys where id = {admin.Id}");
        Assert.Equal(Secrets.Hash(admin.Secret), (byte[])(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }

    [Fact]
    public async Task Listing_keys_shows_no_secret()
    {
        var created = await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("listed", "ingest"));

        using var response = await api.Client.GetAsync("/api/keys", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var keys = await response.Content.ReadFromJsonAsync<ApiKeyResponse[]>(TestContext.Current.CancellationToken);

        Assert.Equal([(1, "bootstrap", "admin"), (created.Id, "listed", "ingest")], keys!.Select(key => (key.Id, key.Name, key.Scope)));
        Assert.DoesNotContain(created.Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once_even_though_it_was_cached()
    {
        var created = await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("short-lived", "admin"));
        using var client = api.CreateClient(apiKey: created.Secret);
        using var before = await client.GetAsync("/api/keys", TestContext.Current.CancellationToken);

        using var revoke = await api.Client.DeleteAsync($"/api/keys/{created.Id}", TestContext.Current.CancellationToken);
        using var after = await client.GetAsync("/api/keys", TestContext.Current.CancellationToken);
        using var again = await api.Client.DeleteAsync($"/api/keys/{created.Id}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await again.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("", "admin", "name")]
    [InlineData("key", "root", "scope")]
    [InlineData("key", null, "scope")]
    public async Task Bad_input_answers_400_naming_the_field(string? name, string? scope, string field)
    {
        using var response = await api.Client.PostAsJsonAsync("/api/keys", new CreateApiKeyRequest(name, scope), TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync(field);
        Assert.Equal(1, await api.CountAsync("api_keys")); // the bootstrap key only
    }
}

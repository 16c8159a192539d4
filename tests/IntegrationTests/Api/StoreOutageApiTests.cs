using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts.Users;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Api;

/// <summary>Endpoints whose store is down answer 503 problem details with Retry-After, and work again once it is back. On a PostgreSQL of its own.</summary>
public sealed class StoreOutageApiTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private readonly ApiServer api = new(postgres);

    [Fact]
    public async Task With_postgresql_stopped_a_read_is_503_naming_it_and_after_it_returns_the_same_read_works()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var user = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("outage_user", "Outage User", "outage@example.com", "NL", "password1"));

        await postgres.StopAsync();
        HttpResponseMessage during;
        try
        {
            during = await api.Client.GetAsync($"/api/users/{user.Id}", cancellationToken);
        }
        finally
        {
            await postgres.StartAsync();
        }

        var problem = await during.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("PostgreSQL is unavailable", problem.GetProperty("title").GetString());
        Assert.Equal("5", during.Headers.GetValues("Retry-After").Single());
        var after = await Pulse.TestSupport.Eventually.ReturnsAsync(
            () => api.Client.GetAsync($"/api/users/{user.Id}", cancellationToken), response => response.IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the read to work again");
        Assert.Equal(user.Id, (await after.Content.ReadFromJsonAsync<UserResponse>(cancellationToken))!.Id);
    }

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();
}

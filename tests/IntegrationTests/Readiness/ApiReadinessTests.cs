using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Aggregates;
using Pulse.IntegrationTests.Api;
using Pulse.ServiceDefaults;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Readiness;

/// <summary>
/// The Api's readiness (<c>/health</c>) and liveness (<c>/alive</c>) with each store away in turn, as
/// docs/runbook.md states them: Degraded (200) without PostgreSQL or MongoDB, Unhealthy (503) without
/// Redis, alive throughout. Probes carry no credentials, as a platform's do. On a PostgreSQL of its
/// own, which one test stops.
/// </summary>
public sealed class ApiReadinessTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private static readonly string MongoCheck = StoreHealthChecks.MongoDB(ResourceNames.EventsDatabase);

    [Fact]
    public async Task With_every_store_answering_it_is_healthy_and_alive()
    {
        await using var api = await StartAsync();
        using var probe = api.CreateClient();

        var health = await HealthAnswer.GetAsync(probe, "/health");
        var alive = await HealthAnswer.GetAsync(probe, "/alive");

        Assert.Equal((HttpStatusCode.OK, "Healthy"), (health.Code, health.Status));
        // The checks the other tests take away, under the names StoreHealthChecks gives them.
        Assert.Equal("Healthy", health.CheckStatus(StoreHealthChecks.PostgreSql));
        Assert.Equal("Healthy", health.CheckStatus(StoreHealthChecks.Redis));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (alive.Code, alive.Status));
    }

    [Fact]
    public async Task With_postgresql_stopped_it_is_degraded_naming_postgresql_and_alive()
    {
        await using var api = await StartAsync();
        using var probe = api.CreateClient();

        HealthAnswer health, alive;
        await postgres.StopAsync();
        try
        {
            health = await HealthAnswer.GetAsync(probe, "/health");
            alive = await HealthAnswer.GetAsync(probe, "/alive");
        }
        finally
        {
            await postgres.StartAsync();
        }

        Assert.True((health.Code, health.Status) == (HttpStatusCode.OK, "Degraded"), $"/health answered {health}");
        Assert.Equal("Degraded", health.CheckStatus(StoreHealthChecks.PostgreSql));
        Assert.Equal("Healthy", health.CheckStatus(StoreHealthChecks.Redis));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (alive.Code, alive.Status));
    }

    [Fact]
    public async Task With_redis_stopped_it_is_unready_and_alive()
    {
        await using var api = await StartAsync();
        using var probe = api.CreateClient();

        await api.Redis.StopAsync();
        var took = Stopwatch.StartNew();
        var health = await HealthAnswer.GetAsync(probe, "/health");
        took.Stop();
        var alive = await HealthAnswer.GetAsync(probe, "/alive");

        output.WriteLine($"/health with Redis stopped answered in {took.ElapsedMilliseconds} ms: {health}");
        // The per-address rate limiter in front of /health counts in Redis: it answers for the Api.
        Assert.True(health.Code == HttpStatusCode.ServiceUnavailable, $"/health answered {health}");
        Assert.Contains("\"title\":\"Redis is unavailable\"", health.Body, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (alive.Code, alive.Status));
    }

    [Fact]
    public async Task With_mongodb_unreachable_it_is_degraded_naming_mongodb_alive_and_accepts_events()
    {
        var mongoPort = ClosedPort.Find();
        await using var api = await StartAsync(new() { [$"ConnectionStrings:{ResourceNames.EventsDatabase}"] = $"mongodb://127.0.0.1:{mongoPort}/pulse_events" });
        var user = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("readiness_user", "Readiness User", "readiness@example.com", "NL", "password1"));
        using var probe = api.CreateClient();

        var took = Stopwatch.StartNew();
        var health = await HealthAnswer.GetAsync(probe, "/health");
        took.Stop();
        // An admin reads why a check failed; nobody else does.
        var adminHealth = await HealthAnswer.GetAsync(api.Client, "/health");
        var alive = await HealthAnswer.GetAsync(probe, "/alive");
        using var ingest = await api.Client.PostAsJsonAsync("/api/events",
            new IngestRequest([new IngestEvent(null, "session_start", user.Id, null, null, null, null, null, null)]), TestContext.Current.CancellationToken);

        output.WriteLine($"/health with MongoDB unreachable answered in {took.ElapsedMilliseconds} ms: {health}");
        Assert.True((health.Code, health.Status) == (HttpStatusCode.OK, "Degraded"), $"/health answered {health}");
        Assert.Equal("Degraded", health.CheckStatus(MongoCheck));
        Assert.Equal("Healthy", health.CheckStatus(StoreHealthChecks.PostgreSql));
        Assert.Equal("Healthy", health.CheckStatus(StoreHealthChecks.Redis));
        Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (alive.Code, alive.Status));
        Assert.Null(health.CheckDescription(MongoCheck));
        Assert.DoesNotContain(mongoPort.ToString(System.Globalization.CultureInfo.InvariantCulture), health.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", health.Body, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "Degraded"), (adminHealth.Code, adminHealth.Status));
        Assert.Contains($"127.0.0.1:{mongoPort}", adminHealth.CheckDescription(MongoCheck), StringComparison.Ordinal);
    }

    private async Task<ApiServer> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var api = new ApiServer(postgres, settings);
        await api.InitializeAsync();
        return api;
    }
}

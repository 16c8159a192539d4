using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Aggregates;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Pipeline;
using Pulse.ServiceDefaults;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Readiness;

/// <summary>
/// The Ingestor's readiness (<c>/health</c>) and liveness (<c>/alive</c>), the real process, with each
/// store away in turn, as docs/runbook.md states them: Degraded (200) while one group waits for its
/// store and another consumes, Unhealthy (503) while no group consumes, alive throughout. On a
/// PostgreSQL of its own, which one test stops.
/// </summary>
public sealed class IngestorReadinessTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string Consumers = "event-stream-consumers";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private readonly ApiServer api = new(postgres);

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task With_every_store_answering_it_is_healthy_and_alive()
    {
        await using var ingestor = await PipelineWorld.IngestorAsync(api);
        ingestor.Start();
        using var client = await ClientAsync(ingestor);

        var health = await WaitForAsync(client, answer => answer.Status == "Healthy", "the Ingestor to be healthy");
        var alive = await HealthAnswer.GetAsync(client, "/alive");

        Assert.Equal(HttpStatusCode.OK, health.Code);
        Assert.Equal("Healthy", health.CheckStatus(Consumers));
        Assert.Equal("Healthy", health.CheckStatus(StoreHealthChecks.PostgreSql));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (alive.Code, alive.Status));
    }

    [Fact]
    public async Task With_mongodb_unreachable_it_is_degraded_naming_the_eventlog_group_while_the_aggregates_go_on()
    {
        var user = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("no_mongo", "No Mongo", "nomongo@example.com", "NL", "password1"));
        // The driver's server selection gives up after a second, so the event log's batch fails soon.
        await using var ingestor = PipelineWorld.IngestorWithEventLog(api, new()
        {
            [$"ConnectionStrings:{ResourceNames.EventsDatabase}"] = $"mongodb://127.0.0.1:{ClosedPort.Find()}/pulse_events?serverSelectionTimeoutMS=1000",
        });
        ingestor.Start();
        using var client = await ClientAsync(ingestor);

        await PostSessionStartAsync(user.Id);
        var health = await WaitForAsync(client, answer => answer.CheckDescription(Consumers)?.Contains($"{EventStreamNames.Groups.EventLog}:", StringComparison.Ordinal) == true,
            "the eventlog group to report its failure");
        await AggregatesGroup.WaitUntilDrainedAsync(api.Redis.Connection.GetDatabase(), Patience);
        var alive = await HealthAnswer.GetAsync(client, "/alive");

        Assert.True((health.Code, health.Status) == (HttpStatusCode.OK, "Degraded"), $"/health answered {health}");
        Assert.Equal("Degraded", health.CheckStatus(Consumers));
        Assert.DoesNotContain($"{EventStreamNames.Groups.Aggregates}:", health.CheckDescription(Consumers), StringComparison.Ordinal);
        Assert.Equal("Degraded", health.CheckStatus(StoreHealthChecks.MongoDB(ResourceNames.EventsDatabase)));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (alive.Code, alive.Status));
    }

    [Fact]
    public async Task With_postgresql_stopped_its_only_group_waits_so_it_is_unready_and_alive()
    {
        var user = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("no_postgres", "No Postgres", "nopostgres@example.com", "NL", "password1"));
        await using var ingestor = await PipelineWorld.IngestorAsync(api);
        ingestor.Start();
        using var client = await ClientAsync(ingestor);
        // The Api checks the user now, so it accepts the user's next event without PostgreSQL.
        await PostSessionStartAsync(user.Id);
        await AggregatesGroup.WaitUntilDrainedAsync(api.Redis.Connection.GetDatabase(), Patience);

        HealthAnswer health, alive;
        await postgres.StopAsync();
        try
        {
            await PostSessionStartAsync(user.Id);
            health = await WaitForAsync(client, answer => answer.CheckDescription(Consumers)?.Contains($"{EventStreamNames.Groups.Aggregates}:", StringComparison.Ordinal) == true,
                "the aggregates group to report its failure");
            alive = await HealthAnswer.GetAsync(client, "/alive");
        }
        finally
        {
            await postgres.StartAsync();
        }

        Assert.True((health.Code, health.Status) == (HttpStatusCode.ServiceUnavailable, "Unhealthy"), $"/health answered {health}");
        Assert.Equal("Unhealthy", health.CheckStatus(Consumers));
        Assert.Equal("Degraded", health.CheckStatus(StoreHealthChecks.PostgreSql));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (alive.Code, alive.Status));
    }

    [Fact]
    public async Task With_redis_stopped_it_is_unready_and_alive()
    {
        await using var ingestor = await PipelineWorld.IngestorAsync(api);
        ingestor.Start();
        using var client = await ClientAsync(ingestor);
        await WaitForAsync(client, answer => answer.Status == "Healthy", "the Ingestor to be healthy");

        await api.Redis.StopAsync();
        var health = await WaitForAsync(client, answer => answer.Code != HttpStatusCode.OK, "/health to stop answering 200");
        var alive = await HealthAnswer.GetAsync(client, "/alive");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (health.Code, health.Status));
        Assert.Equal("Unhealthy", health.CheckStatus(StoreHealthChecks.Redis));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (alive.Code, alive.Status));
    }

    private static async Task<HttpClient> ClientAsync(IngestorProcess ingestor) =>
        new() { BaseAddress = await ingestor.Address.WaitAsync(Patience, TestContext.Current.CancellationToken) };

    private static Task<HealthAnswer> WaitForAsync(HttpClient client, Func<HealthAnswer, bool> condition, string what) =>
        Eventually.ReturnsAsync(() => HealthAnswer.GetAsync(client, "/health"), condition, Patience, what);

    private async Task PostSessionStartAsync(long userId)
    {
        using var response = await api.Client.PostAsJsonAsync("/api/events",
            new IngestRequest([new IngestEvent(null, "session_start", userId, null, null, null, null, null, null)]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}

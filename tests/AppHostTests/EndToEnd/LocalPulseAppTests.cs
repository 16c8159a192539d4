using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.AppHostTests.Support;
using Pulse.TestSupport;
using Pulse.Contracts;
using Pulse.Contracts.Status;
using StackExchange.Redis;

namespace Pulse.AppHostTests.EndToEnd;

/// <summary>End to end through every part of the stack, started by the AppHost in local mode.</summary>
[Collection(nameof(LocalPulseAppGroup))]
public sealed class LocalPulseAppTests(LocalPulseApp stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Every_resource_is_running_and_healthy()
    {
        foreach (var name in LocalPulseApp.RequiredResources)
        {
            Assert.True(stack.App.ResourceNotifications.TryGetCurrentState(name, out var resource), $"{name} has no state");
            Assert.Equal(KnownResourceStates.Running, resource.Snapshot.State?.Text);
            Assert.Equal(HealthStatus.Healthy, resource.Snapshot.HealthStatus);
        }
    }

    [Fact]
    public async Task Migrations_ran_to_completion_and_left_the_schema_without_seed_data()
    {
        Assert.True(stack.App.ResourceNotifications.TryGetCurrentState(ResourceNames.Migrations, out var migrations), "migrations has no state");
        Assert.Equal(KnownResourceStates.Finished, migrations.Snapshot.State?.Text);
        Assert.Equal(0, migrations.Snapshot.ExitCode);

        var connectionString = await stack.App.GetConnectionStringAsync(ResourceNames.PulseDatabase, TestContext.Current.CancellationToken);
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString!);
        await using var command = dataSource.CreateCommand("""
            select exists (select 1 from "__EFMigrationsHistory") and not exists (select 1 from seed_runs) and not exists (select 1 from users)
            """);
        Assert.True((bool?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), "expected applied migrations and no seed");
    }

    [Fact]
    public void Without_a_mongodb_the_dashboard_explains_its_absence()
    {
        Assert.SkipWhen(LocalPulseApp.ExternalMongo is not null, $"{LocalPulseApp.MongoVariable} gives this run a MongoDB");
        Assert.SkipWhen(Pulse.AppHost.Hosting.Local.LocalServerBinaries.Find().Mongod is not null, "mongod is on PATH here, so local mode runs it");

        Assert.True(stack.App.ResourceNotifications.TryGetCurrentState(ResourceNames.MongoServer, out var mongo));

        Assert.Equal("Not available", mongo.Snapshot.State?.Text);
        var reason = Assert.Single(mongo.Snapshot.Properties, property => property.Name == "Reason");
        Assert.Contains("ConnectionStrings__events", reason.Value?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_reports_postgres_and_redis_up_with_their_latency()
    {
        using var api = stack.CreateHttpClient(ResourceNames.Api);

        var status = await api.GetFromJsonAsync<SystemStatus>("/api/status", TestContext.Current.CancellationToken);

        Assert.NotNull(status);
        foreach (var name in new[] { StoreNames.PostgreSql, StoreNames.Redis })
        {
            var store = Assert.Single(status.Stores, store => store.Store == name);
            Assert.Equal(StoreState.Up, store.State);
            Assert.True(store.LatencyMs > 0, $"{name} latency {store.LatencyMs}");
        }
        var mongo = Assert.Single(status.Stores, store => store.Store == StoreNames.MongoDB);
        Assert.Equal(LocalPulseApp.ExternalMongo is null ? StoreState.Unavailable : StoreState.Up, mongo.State);
    }

    [Fact]
    public async Task Event_log_store_answers_ping_against_a_real_mongodb()
    {
        Assert.SkipWhen(LocalPulseApp.ExternalMongo is null, $"no MongoDB server can run on this machine; set {LocalPulseApp.MongoVariable} to a connection string to run this test");
        using var api = stack.CreateHttpClient(ResourceNames.Api);

        var status = await api.GetFromJsonAsync<SystemStatus>("/api/status", TestContext.Current.CancellationToken);

        var mongo = Assert.Single(status!.Stores, store => store.Store == StoreNames.MongoDB);
        Assert.Equal(StoreState.Up, mongo.State);
        Assert.True(mongo.LatencyMs > 0);
    }

    [Fact]
    public async Task An_entry_added_to_the_event_stream_is_acknowledged_by_the_ingestor()
    {
        var connectionString = await stack.App.GetConnectionStringAsync(ResourceNames.Redis, TestContext.Current.CancellationToken);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString!);
        var database = redis.GetDatabase();

        var id = await database.StreamAddAsync(EventStreamNames.Key, EventStreamNames.PayloadField, """{"type":"post_view","postId":1}""");

        var group = await Eventually.ReturnsAsync(
            async () => (await database.StreamGroupInfoAsync(EventStreamNames.Key)).SingleOrDefault(g => g.Name == EventStreamNames.Groups.Aggregates),
            info => info.Name is not null && info.PendingMessageCount == 0 && CompareIds(info.LastDeliveredId, id) >= 0,
            Patience,
            $"group '{EventStreamNames.Groups.Aggregates}' to deliver and acknowledge entry {id}");
        Assert.Equal(0, group.PendingMessageCount);
    }

    [Fact]
    public async Task Web_home_page_renders_the_status_fetched_from_the_api()
    {
        using var web = stack.CreateHttpClient(ResourceNames.Web);

        var html = await web.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("<h1>System status</h1>", html, StringComparison.Ordinal);
        Assert.Contains("""data-store="postgresql" data-state="Up""", html, StringComparison.Ordinal);
        Assert.Contains("""data-store="redis" data-state="Up""", html, StringComparison.Ordinal);
        Assert.DoesNotContain("status-error", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_describes_its_endpoints_in_openapi()
    {
        using var api = stack.CreateHttpClient(ResourceNames.Api);

        var document = await api.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Contains("\"/api/status\"", document, StringComparison.Ordinal);
        Assert.Contains("\"operationId\": \"GetStatus\"", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoints_say_which_checks_passed()
    {
        using var ingestor = stack.CreateHttpClient(ResourceNames.Ingestor);

        var health = await ingestor.GetStringAsync("/health", TestContext.Current.CancellationToken);
        var alive = await ingestor.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.Contains("\"event-stream-consumer\":{\"status\":\"Healthy\"", health, StringComparison.Ordinal);
        Assert.True(alive.IsSuccessStatusCode);
    }

    private static int CompareIds(RedisValue left, RedisValue right)
    {
        static (long Milliseconds, long Sequence) Parse(RedisValue id)
        {
            var parts = id.ToString().Split('-');
            return (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        return Parse(left).CompareTo(Parse(right));
    }
}

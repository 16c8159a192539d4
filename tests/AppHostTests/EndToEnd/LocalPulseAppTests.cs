using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.AppHostTests.Support;
using Pulse.TestSupport;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Posts;
using Pulse.Contracts.Security;
using Pulse.Contracts.Status;
using Pulse.Contracts.Users;
using Npgsql;

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
        // Tests of this stack may seed it themselves (pulse-loadgen seed); the stack must not have.
        await using var command = dataSource.CreateCommand("""
            select exists (select 1 from "__EFMigrationsHistory") and not exists (select 1 from seed_runs where completed_at < $1)
            """);
        command.Parameters.Add(new Npgsql.NpgsqlParameter<DateTimeOffset> { TypedValue = stack.ReadyAt });
        Assert.True((bool?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), "expected applied migrations and no seed run before the stack was ready");
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
    public async Task An_event_posted_to_the_api_reaches_the_postgresql_aggregates_through_the_stream_and_the_ingestor()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var api = stack.CreateHttpClient(ResourceNames.Api);
        api.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, LocalPulseApp.AdminKey);
        var author = await api.PostForAsync<UserResponse>("/api/users", new CreateUserRequest("e2e_author", "E2E Author", "e2e@example.com", "NL", "password1"));
        var post = await api.PostForAsync<PostResponse>("/api/posts", new CreatePostRequest(author.Id, "End to end", []));

        using var response = await api.PostAsJsonAsync("/api/events",
            new IngestRequest([new IngestEvent(null, "post_like", author.Id, post.Id, null, null, null, null, null)]), cancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        await using var database = NpgsqlDataSource.Create((await stack.App.GetConnectionStringAsync(ResourceNames.PulseDatabase, cancellationToken))!);
        var likes = await Eventually.ReturnsAsync(async () =>
        {
            await using var command = database.CreateCommand($"select coalesce((select likes from post_stats where post_id = {post.Id}), 0)");
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, count => count > 0, Patience, $"post {post.Id}'s like to reach post_stats");
        Assert.Equal(1, likes);
    }


    [Fact]
    public async Task Web_status_page_renders_the_status_fetched_from_the_api()
    {
        // The dashboard is for analysts and admins: sign in as the first admin, as a browser would.
        using var web = await WebSignIn.SignInAsync(stack.App.GetEndpoint(ResourceNames.Web, "http"),
            LocalPulseApp.AdminHandle, LocalPulseApp.AdminPassword, TestContext.Current.CancellationToken);

        var html = await web.GetStringAsync(new Uri("/status", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("System status</h1>", html, StringComparison.Ordinal);
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
    public async Task Without_a_mongodb_the_event_log_group_is_retired_in_the_stacks_name_and_holds_nothing_back()
    {
        Assert.SkipWhen(LocalPulseApp.ExternalMongo is not null, $"{LocalPulseApp.MongoVariable} gives this run a MongoDB");
        Assert.SkipWhen(Pulse.AppHost.Hosting.Local.LocalServerBinaries.Find().Mongod is not null, "mongod is on PATH here, so local mode runs it");
        using var api = stack.CreateHttpClient(ResourceNames.Api);
        api.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, LocalPulseApp.AdminKey);

        var status = await api.GetFromJsonAsync<Pulse.Contracts.Pipeline.PipelineStatus>("/api/admin/pipeline", TestContext.Current.CancellationToken);

        var eventLog = status!.Groups.Single(group => group.Name == EventStreamNames.Groups.EventLog);
        Assert.Equal((Pulse.Contracts.Pipeline.ConsumerGroupState.Retired, BootstrapSettings.DeploymentActor, false),
            (eventLog.State, eventLog.Decision?.By, eventLog.HoldsBackTrimming));
    }

    [Fact]
    public async Task Health_endpoints_say_which_checks_passed()
    {
        using var ingestor = stack.CreateHttpClient(ResourceNames.Ingestor);

        var health = await ingestor.GetStringAsync("/health", TestContext.Current.CancellationToken);
        var alive = await ingestor.GetAsync("/alive", TestContext.Current.CancellationToken);

        Assert.Contains("\"event-stream-consumers\":{\"status\":\"Healthy\"", health, StringComparison.Ordinal);
        Assert.True(alive.IsSuccessStatusCode);
    }

    [Fact]
    public async Task The_web_listens_for_trending_changes_as_its_redis_user_that_may_do_nothing_else()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var web = stack.CreateHttpClient(ResourceNames.Web);
        var connectionString = await stack.App.GetConnectionStringAsync(ResourceNames.Redis, cancellationToken);
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(connectionString + ",allowAdmin=true");

        // The feed subscribes as the Web starts; healthy means the subscription is live.
        await Eventually.ReturnsAsync(() => web.GetStringAsync("/health", cancellationToken),
            health => health.Contains("\"trending-feed\":{\"status\":\"Healthy\"", StringComparison.Ordinal), Patience, "the Web's trending feed to subscribe");
        var clients = (string)(await redis.GetDatabase().ExecuteAsync("CLIENT", "LIST"))!;

        var webClients = clients.Split('\n').Where(line => line.Contains($"user={RedisAccess.WebSubscriber.User} ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(webClients);
        Assert.Contains(webClients, line => line.Contains("cmd=subscribe", StringComparison.Ordinal) || line.Contains("sub=1", StringComparison.Ordinal));
    }
}

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Pulse.AppHost.Hosting.MongoDB;
using Pulse.AppHost.Infrastructure;
using Pulse.AppHostTests.Support;
using Pulse.TestSupport;
using Pulse.Contracts;

namespace Pulse.AppHostTests.Model;

/// <summary>The container-mode model, built but never started (these machines cannot run containers).</summary>
public class ContainerModeModelTests
{
    [Fact]
    public async Task Holds_the_three_databases_as_pinned_official_images()
    {
        await using var builder = await AppHostModel.CreateAsync("--Pulse:Infrastructure=Containers");

        AssertImage(builder.Resource<PostgresServerResource>(ResourceNames.PostgresServer), "library/postgres", "15");
        AssertImage(builder.Resource<RedisResource>(ResourceNames.Redis), "library/redis", "7");
        AssertImage(builder.Resource<MongoDBServerResource>(ResourceNames.MongoServer), "library/mongo", "7");

        Assert.Equal(DatabaseNames.Pulse, builder.Resource<PostgresDatabaseResource>(ResourceNames.PulseDatabase).DatabaseName);
        Assert.Equal(DatabaseNames.Events, builder.Resource<MongoDBDatabaseResource>(ResourceNames.EventsDatabase).DatabaseName);
        Assert.Equal(3, builder.Resources.Count(resource => resource.IsContainer()));
    }

    [Fact]
    public async Task Redis_runs_with_the_append_only_file()
    {
        await using var builder = await AppHostModel.CreateAsync("--Pulse:Infrastructure=Containers", "--Pulse:Redis:AppendFsync=always");

        var args = await builder.Resource<RedisResource>(ResourceNames.Redis).ArgumentsAsync();

        var command = string.Join(' ', args);
        Assert.StartsWith("redis-server --requirepass $REDIS_PASSWORD", command, StringComparison.Ordinal);
        Assert.Contains("--appendonly yes --appendfsync always", command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_has_the_webs_subscriber_user_and_the_web_connects_as_it_without_the_full_password()
    {
        await using var builder = await AppHostModel.CreateAsync("--Pulse:Infrastructure=Containers");
        var redis = builder.Resource<RedisResource>(ResourceNames.Redis);

        var command = string.Join(' ', await redis.ArgumentsAsync());
        var web = builder.Resource<ProjectResource>(ResourceNames.Web);

        Assert.Contains($"--user {RedisAccess.WebSubscriber.User} on \">$REDIS_WEB_PASSWORD\" 'resetchannels' '&{RedisKeys.Notifications.Trending}'", command, StringComparison.Ordinal);
        Assert.Contains("redis-web-password", web.ReferencedNames());
        Assert.DoesNotContain("redis-password", web.ReferencedNames());
    }

    [Fact]
    public async Task Run_mode_keeps_data_in_volumes_and_containers_alive_between_runs()
    {
        await using var builder = await AppHostModel.CreateAsync("--Pulse:Infrastructure=Containers");

        foreach (var name in new[] { ResourceNames.PostgresServer, ResourceNames.Redis, ResourceNames.MongoServer })
        {
            var container = builder.Resource<ContainerResource>(name);
            Assert.Contains(container.Annotations.OfType<ContainerMountAnnotation>(), mount => mount.Type == ContainerMountType.Volume);
            Assert.Equal(ContainerLifetime.Persistent, Assert.Single(container.Annotations.OfType<ContainerLifetimeAnnotation>()).Lifetime);
        }
        Assert.Equal("/data/db", Assert.Single(builder.Resource<MongoDBServerResource>(ResourceNames.MongoServer).Annotations.OfType<ContainerMountAnnotation>()).Target);
    }

    [Fact]
    public async Task Published_stores_keep_their_data_in_volumes_of_stable_names()
    {
        var manifest = Path.Combine(Path.GetTempPath(), $"pulse-model-{Guid.NewGuid():N}.json");
        await using var builder = await AppHostModel.CreateAsync("--publisher", "manifest", "--output-path", manifest);
        Assert.True(builder.ExecutionContext.IsPublishMode);

        foreach (var (name, dataDirectory) in new[] { (ResourceNames.PostgresServer, "/var/lib/postgresql/data"), (ResourceNames.Redis, "/data"), (ResourceNames.MongoServer, "/data/db") })
        {
            var container = builder.Resource<ContainerResource>(name);
            var volume = Assert.Single(container.Annotations.OfType<ContainerMountAnnotation>());
            Assert.Equal((ContainerMountType.Volume, ContainerInfrastructure.PublishedDataVolume(name), dataDirectory, false),
                (volume.Type, volume.Source, volume.Target, volume.IsReadOnly));
            // Lifetime is a run-mode matter: a deployment's platform keeps its containers.
            Assert.Empty(container.Annotations.OfType<ContainerLifetimeAnnotation>());
        }
    }

    [Fact]
    public async Task Passwords_are_generated_secret_parameters()
    {
        await using var builder = await AppHostModel.CreateAsync("--Pulse:Infrastructure=Containers");

        ParameterResource?[] passwords =
        [
            builder.Resource<PostgresServerResource>(ResourceNames.PostgresServer).PasswordParameter,
            builder.Resource<RedisResource>(ResourceNames.Redis).PasswordParameter,
            builder.Resource<MongoDBServerResource>(ResourceNames.MongoServer).PasswordParameter,
        ];

        Assert.Equal(["postgres-password", "redis-password", "mongo-password"], passwords.Select(password => password?.Name));
        Assert.All(passwords, password => Assert.True(password!.Secret));
        Assert.All(passwords, password => Assert.NotNull(password!.Default));
    }

    [Fact]
    public async Task Services_reference_and_wait_for_what_they_use()
    {
        await using var builder = await AppHostModel.CreateAsync("--Pulse:Infrastructure=Containers");
        string[] stores = [ResourceNames.PulseDatabase, ResourceNames.Redis, ResourceNames.EventsDatabase];

        var migrations = builder.Resource<ProjectResource>(ResourceNames.Migrations);
        var api = builder.Resource<ProjectResource>(ResourceNames.Api);
        var ingestor = builder.Resource<ProjectResource>(ResourceNames.Ingestor);
        var web = builder.Resource<ProjectResource>(ResourceNames.Web);

        // Redis in run mode only: the migration step retires or resumes the event log's group for a
        // stack without or with MongoDB (the manifest's migration step has no Redis, see the expected manifest).
        Assert.Equivalent(new[] { ResourceNames.PulseDatabase, ResourceNames.Redis, "pulse-admin-key", "pulse-admin-password" }, migrations.ReferencedNames().Distinct());
        Assert.Equivalent(new[] { ResourceNames.PulseDatabase, ResourceNames.Redis }, migrations.AwaitedNames());
        Assert.Equal(BootstrapSettings.EventsDatabasePresent, (await migrations.EnvironmentAsync())[SeedSettings.EnvironmentVariable(BootstrapSettings.EventsDatabaseKey)]);
        Assert.Equivalent(stores, api.ReferencedNames().Distinct());
        Assert.Equivalent((string[])[.. stores, ResourceNames.Migrations], api.AwaitedNames());
        Assert.Equivalent(stores, ingestor.ReferencedNames().Distinct());
        Assert.Equivalent((string[])[.. stores, ResourceNames.Migrations], ingestor.AwaitedNames());
        // The Web holds no key (it calls the Api with each signed-in person's token) and connects to
        // Redis as the subscriber user, never with the full-rights password.
        Assert.Equal([ResourceNames.Api, ResourceNames.Redis, "redis-web-password"], web.ReferencedNames().Distinct().Order());
        Assert.All(new[] { api, ingestor, web }, service => Assert.DoesNotContain("pulse-admin-key", service.ReferencedNames()));
        Assert.Equivalent(new[] { ResourceNames.Api, ResourceNames.Redis }, web.AwaitedNames());
        // Aspire's WaitFor would hold the Web back while the Api is Degraded: the AppHost waits for it to
        // serve itself, after Aspire's wait for it to start.
        Assert.Equal(WaitType.WaitUntilStarted, Assert.Single(web.Annotations.OfType<WaitAnnotation>(), wait => wait.Resource.Name == ResourceNames.Api).WaitType);
        foreach (var service in new[] { api, ingestor })
        {
            var wait = Assert.Single(service.Annotations.OfType<WaitAnnotation>(), wait => wait.Resource.Name == ResourceNames.Migrations);
            Assert.Equal(WaitType.WaitForCompletion, wait.WaitType);
        }
    }

    [Fact]
    public async Task Migrations_run_once_without_endpoints_and_seed_the_configured_scale()
    {
        await using var byDefault = await AppHostModel.CreateAsync("--Pulse:Infrastructure=Containers");
        await using var asked = await AppHostModel.CreateAsync("--Pulse:Infrastructure=Containers", "--Pulse:Seed:Scale=small", "--Pulse:Seed:ActivityDays=30");

        var migrations = byDefault.Resource<ProjectResource>(ResourceNames.Migrations);
        Assert.Empty(migrations.Annotations.OfType<EndpointAnnotation>());
        Assert.Empty(migrations.Annotations.OfType<HealthCheckAnnotation>());
        Assert.Equal("demo", (await migrations.EnvironmentAsync())["Pulse__Seed__Scale"]);
        var environment = await asked.Resource<ProjectResource>(ResourceNames.Migrations).EnvironmentAsync();
        Assert.Equal("small", environment["Pulse__Seed__Scale"]);
        Assert.Equal("30", environment["Pulse__Seed__ActivityDays"]);
    }

    [Fact]
    public async Task Api_and_web_are_public_on_their_documented_ports_and_health_checked()
    {
        await using var builder = await AppHostModel.CreateAsync("--Pulse:Infrastructure=Containers");

        foreach (var (name, port) in new[] { (ResourceNames.Api, 5180), (ResourceNames.Web, 5190) })
        {
            var http = Assert.Single(builder.Resource<ProjectResource>(name).Annotations.OfType<EndpointAnnotation>(), endpoint => endpoint.Name == "http");
            Assert.Equal(port, http.Port);
            Assert.True(http.IsExternal);
        }
        foreach (var name in new[] { ResourceNames.Api, ResourceNames.Ingestor, ResourceNames.Web })
        {
            Assert.NotEmpty(builder.Resource<ProjectResource>(name).Annotations.OfType<HealthCheckAnnotation>());
        }
        Assert.False(Assert.Single(builder.Resource<ProjectResource>(ResourceNames.Ingestor).Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http").IsExternal);
    }

    private static void AssertImage(IResource resource, string image, string tag)
    {
        var annotation = Assert.Single(resource.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(image, annotation.Image);
        Assert.Equal(tag, annotation.Tag);
        Assert.Equal("docker.io", annotation.Registry);
    }
}

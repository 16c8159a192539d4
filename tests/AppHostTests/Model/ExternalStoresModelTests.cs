using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Pulse.AppHost.Hosting.Local;
using Pulse.AppHostTests.Support;
using Pulse.Contracts;

namespace Pulse.AppHostTests.Model;

/// <summary>Stores swapped for managed ones by connection string, in the model the AppHost builds.</summary>
public sealed class ExternalStoresModelTests
{
    private static readonly string[] ManagedStores =
    [
        "--ConnectionStrings:pulse=Host=pg.example;Database=pulse;Username=pulse;Password=secret;SSL Mode=Require",
        "--ConnectionStrings:redis=cache.example:6380,password=secret,ssl=true",
        "--ConnectionStrings:events=mongodb://user:secret@mongo.example:27017/pulse_events?tls=true",
    ];

    [Fact]
    public async Task With_all_three_given_containers_mode_runs_no_database_and_the_services_use_the_connection_strings()
    {
        await using var builder = await AppHostModel.CreateAsync(["--Pulse:Infrastructure=Containers", .. ManagedStores]);

        Assert.DoesNotContain(builder.Resources, resource => resource.IsContainer());
        foreach (var service in new[] { ResourceNames.Api, ResourceNames.Ingestor })
        {
            var project = builder.Resource<ProjectResource>(service);
            Assert.Equivalent(new[] { ResourceNames.PulseDatabase, ResourceNames.Redis, ResourceNames.EventsDatabase }, project.ReferencedNames().Where(ExternalNames.Contains));
            // Nothing to wait for: the AppHost does not run them.
            Assert.DoesNotContain(project.AwaitedNames(), ExternalNames.Contains);
            Assert.Contains("ConnectionStrings__redis", (await project.EnvironmentAsync()).Keys);
        }
        var redis = builder.Resource<IResourceWithConnectionString>(ResourceNames.Redis);
        Assert.Equal("cache.example:6380,password=secret,ssl=true", await redis.GetConnectionStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Local_mode_runs_only_the_stores_not_given()
    {
        await using var builder = await AppHostModel.CreateAsync("--local", "--Pulse:Local:Throwaway=true", ManagedStores[1]);

        Assert.IsAssignableFrom<ParameterResource>(builder.Resource<IResourceWithConnectionString>(ResourceNames.Redis));
        Assert.IsType<LocalPostgresServerResource>(builder.Resource<IResource>(ResourceNames.PostgresServer));
        Assert.DoesNotContain(builder.Resources, resource => resource is LocalRedisResource);
    }

    private static readonly HashSet<string> ExternalNames = [ResourceNames.PulseDatabase, ResourceNames.Redis, ResourceNames.EventsDatabase];
}

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Pulse.AppHost.Hosting.Local;
using Pulse.AppHostTests.Support;
using Pulse.TestSupport;
using Pulse.Contracts;

namespace Pulse.AppHostTests.Model;

/// <summary>The local-mode model, built but not started.</summary>
public class LocalModeModelTests
{
    [Fact]
    public async Task Holds_no_container_resource_at_all()
    {
        await using var builder = await AppHostModel.CreateAsync("--local", "--Pulse:Local:Throwaway=true");

        Assert.DoesNotContain(builder.Resources, resource => resource.IsContainer());
        Assert.IsType<LocalPostgresServerResource>(builder.Resource<IResource>(ResourceNames.PostgresServer));
        Assert.IsType<LocalRedisResource>(builder.Resource<IResource>(ResourceNames.Redis));
        Assert.Equal(DatabaseNames.Pulse, builder.Resource<LocalPostgresDatabaseResource>(ResourceNames.PulseDatabase).DatabaseName);
    }

    [Fact]
    public async Task Pulse_configuration_key_selects_local_mode_too()
    {
        await using var builder = await AppHostModel.CreateAsync("--Pulse:Infrastructure=Local", "--Pulse:Local:Throwaway=true");

        Assert.IsType<LocalRedisResource>(builder.Resource<IResource>(ResourceNames.Redis));
    }

    [Fact]
    public async Task Without_any_mongodb_the_dashboard_says_why_and_nothing_references_it()
    {
        Assert.SkipWhen(LocalServerBinaries.Find().Mongod is not null, "mongod is on PATH here, so local mode runs it");

        await using var builder = await AppHostModel.CreateAsync("--local", "--Pulse:Local:Throwaway=true");

        var mongo = builder.Resource<MongoDBUnavailableResource>(ResourceNames.MongoServer);
        Assert.Contains("ConnectionStrings__events", mongo.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(builder.Resources, resource => resource.Name == ResourceNames.EventsDatabase);
        Assert.DoesNotContain(ResourceNames.MongoServer, builder.Resource<ProjectResource>(ResourceNames.Api).ReferencedNames());
        Assert.Contains(mongo.Annotations, annotation => annotation is ManifestPublishingCallbackAnnotation);
        // No replica could ever serve the event log's group: the migration step retires it in the stack's name.
        var migrations = builder.Resource<ProjectResource>(ResourceNames.Migrations);
        Assert.Equal(BootstrapSettings.EventsDatabaseAbsent, (await migrations.EnvironmentAsync())[SeedSettings.EnvironmentVariable(BootstrapSettings.EventsDatabaseKey)]);
        Assert.Contains(ResourceNames.Redis, migrations.ReferencedNames());
    }

    [Fact]
    public async Task An_existing_mongodb_is_used_by_connection_string_without_waiting_for_it()
    {
        Assert.SkipWhen(LocalServerBinaries.Find().Mongod is not null, "mongod is on PATH here, so local mode runs it");

        await using var builder = await AppHostModel.CreateAsync("--local", "--Pulse:Local:Throwaway=true",
            "--ConnectionStrings:events=mongodb://mongo.internal:27017/pulse_events");

        var api = builder.Resource<ProjectResource>(ResourceNames.Api);
        Assert.IsAssignableFrom<ParameterResource>(builder.Resource<IResourceWithConnectionString>(ResourceNames.EventsDatabase));
        Assert.Contains(ResourceNames.EventsDatabase, api.ReferencedNames());
        Assert.DoesNotContain(ResourceNames.EventsDatabase, api.AwaitedNames());
    }

    [Fact]
    public async Task Postgres_script_is_told_which_databases_to_create()
    {
        await using var builder = await AppHostModel.CreateAsync("--local", "--Pulse:Local:Throwaway=true");

        var postgres = builder.Resource<LocalPostgresServerResource>(ResourceNames.PostgresServer);
        var args = await postgres.ArgumentsAsync();
        var environment = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), environment, TestContext.Current.CancellationToken);
        foreach (var callback in postgres.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        Assert.EndsWith("local-postgres.sh", args[0], StringComparison.Ordinal);
        Assert.True(File.Exists(args[0]), $"{args[0]} is missing");
        Assert.Equal("throwaway", args[2]);
        Assert.Equal(DatabaseNames.Pulse, environment["PULSE_PG_DATABASES"]);
        Assert.Same(postgres.PasswordParameter, environment["PULSE_PG_PASSWORD"]);
    }
}

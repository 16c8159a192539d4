using Aspire.Hosting;
using Microsoft.Extensions.Configuration;
using Pulse.AppHost.Hosting.Local;
using Pulse.AppHost.Infrastructure;
using Pulse.Contracts;

namespace Pulse.AppHostTests.Infrastructure;

/// <summary>Which stores are external, read from the AppHost's configuration.</summary>
public sealed class ExternalStoresTests
{
    [Fact]
    public void Running_a_store_with_a_connection_string_is_external()
    {
        var stores = ExternalStores.Read(Configuration(("ConnectionStrings:redis", "cache.example:6380,ssl=true")), isPublishMode: false);

        Assert.Equal([ResourceNames.Redis], stores.All);
    }

    [Fact]
    public void Publishing_only_the_named_stores_are_external_whatever_connection_strings_are_set()
    {
        var stores = ExternalStores.Read(Configuration(
            (ExternalStores.Key, "pulse, events"),
            ("ConnectionStrings:redis", "cache.example:6380")), isPublishMode: true);

        Assert.Equal([ResourceNames.PulseDatabase, ResourceNames.EventsDatabase], stores.All);
    }

    [Fact]
    public void A_store_named_external_without_its_connection_string_says_how_to_give_it()
    {
        var exception = Assert.Throws<InfrastructureException>(() =>
            ExternalStores.Read(Configuration((ExternalStores.Key, "pulse")), isPublishMode: false));

        Assert.Contains("ConnectionStrings__pulse", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_store_name_lists_the_known_ones()
    {
        var exception = Assert.Throws<InfrastructureException>(() =>
            ExternalStores.Read(Configuration((ExternalStores.Key, "postgres")), isPublishMode: true));

        Assert.Contains("'postgres'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("pulse, redis, events", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_mode_with_both_servers_external_needs_neither_package()
    {
        var builder = DistributedApplication.CreateBuilder(["--ConnectionStrings:pulse=Host=db.example;Database=pulse", "--ConnectionStrings:redis=cache.example:6380"]);
        var choice = new InfrastructureChoice(InfrastructureMode.Local, "asked for");

        var infrastructure = LocalInfrastructure.AddLocalInfrastructure(builder, choice, new LocalServerBinaries(null, null, null));

        Assert.IsAssignableFrom<Aspire.Hosting.ApplicationModel.ParameterResource>(infrastructure.PulseDatabase.Resource);
        Assert.IsAssignableFrom<Aspire.Hosting.ApplicationModel.ParameterResource>(infrastructure.Redis.Resource);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value))).Build();
}

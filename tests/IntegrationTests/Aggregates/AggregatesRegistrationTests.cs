using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Ingestor.Aggregates;
using Pulse.Ingestor.Streams;
using Pulse.TestSupport.Servers;
using Pulse.ServiceDefaults.Retention;

namespace Pulse.IntegrationTests.Aggregates;

/// <summary>What <see cref="AggregatesServiceExtensions.AddAggregates"/> puts in the Ingestor's container.</summary>
public sealed class AggregatesRegistrationTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public void Registers_the_sink_for_the_aggregates_group_and_the_pruners()
    {
        using var host = Build([]);

        var sink = Assert.Single(host.Services.GetServices<IEventBatchSink>());
        Assert.IsType<AggregatesSink>(sink);
        Assert.Equal(EventStreamNames.Groups.Aggregates, sink.Group);
        Assert.Contains(host.Services.GetServices<IHostedService>(), service => service is IngestedEventsPruner);
        Assert.Contains(host.Services.GetServices<IHostedService>(), service => service is AggregateHistoryPruner);
        Assert.Equal(TimeSpan.FromDays(7), host.Services.GetRequiredService<IOptions<RetentionOptions>>().Value.DedupeIds);
    }

    [Fact]
    public async Task A_retention_out_of_range_stops_the_start()
    {
        using var host = Build(new() { ["Pulse:Retention:DedupeIds"] = "00:00:10" });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Pulse:Retention:DedupeIds", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_retired_dedupe_setting_stops_the_start_naming_its_new_key()
    {
        using var host = Build(new() { ["Pulse:Ingestor:Aggregates:DedupeRetention"] = "7.00:00:00" });

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Pulse:Ingestor:Aggregates:DedupeRetention is no longer read: set Pulse:Retention:DedupeIds", exception.Message, StringComparison.Ordinal);
    }

    private IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.PulseDatabase}"] = "Host=127.0.0.1;Username=postgres;Database=unused",
            [$"ConnectionStrings:{ResourceNames.Redis}"] = redis.ConnectionString,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRedisClient(ResourceNames.Redis);
        builder.AddAggregates();
        return builder.Build();
    }
}

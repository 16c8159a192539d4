using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using Pulse.Ingestor.EventLog;
using Pulse.Ingestor.Streams;
using Pulse.ServiceDefaults.Retention;

namespace Pulse.UnitTests.EventLog;

public class EventLogRegistrationTests
{
    [Fact]
    public void Without_a_connection_string_there_is_no_event_log_sink_and_no_client()
    {
        using var host = Build([]);

        Assert.DoesNotContain(host.Services.GetServices<IEventBatchSink>(), sink => sink is EventLogSink);
        Assert.Null(host.Services.GetService<IMongoClient>());
    }

    [Fact]
    public void With_a_connection_string_the_sink_and_its_options_are_registered()
    {
        using var host = Build(new() { ["ConnectionStrings:events"] = "mongodb://db.example:27017/pulse_events" });

        Assert.Single(host.Services.GetServices<IEventBatchSink>().OfType<EventLogSink>());
        Assert.Equal(TimeSpan.FromDays(90), host.Services.GetRequiredService<IOptions<RetentionOptions>>().Value.RawEvents);
        Assert.Equal("pulse_events", host.Services.GetRequiredService<IMongoDatabase>().DatabaseNamespace.DatabaseName);
    }

    [Fact]
    public void Configured_retention_is_bound()
    {
        using var host = Build(new()
        {
            ["ConnectionStrings:events"] = "mongodb://db.example:27017/pulse_events",
            ["Pulse:Retention:RawEvents"] = "30.00:00:00",
        });

        Assert.Equal(TimeSpan.FromDays(30), host.Services.GetRequiredService<IOptions<RetentionOptions>>().Value.RawEvents);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:59:59")]
    [InlineData("3651.00:00:00")]
    public async Task A_retention_out_of_range_stops_the_start(string retention)
    {
        using var host = Build(new()
        {
            ["ConnectionStrings:events"] = "mongodb://db.example:27017/pulse_events",
            ["Pulse:Retention:RawEvents"] = retention,
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Pulse:Retention:RawEvents", failure.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEventLog();
        return builder.Build();
    }
}

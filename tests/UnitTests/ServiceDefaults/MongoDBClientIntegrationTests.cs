using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.ServiceDefaults.MongoDB;

namespace Pulse.UnitTests.ServiceDefaults;

public class MongoDBClientIntegrationTests
{
    private const string ConnectionString = "mongodb://admin:p%40ss@db.example:27017/pulse_events?authSource=admin&authMechanism=SCRAM-SHA-256";

    [Fact]
    public void Registers_client_and_database_named_by_the_connection_string()
    {
        using var host = Build(new() { ["ConnectionStrings:events"] = ConnectionString });

        var database = host.Services.GetRequiredService<IMongoDatabase>();
        var client = host.Services.GetRequiredService<IMongoClient>();

        Assert.Equal("pulse_events", database.DatabaseNamespace.DatabaseName);
        Assert.Same(client, database.Client);
        Assert.Equal("admin", client.Settings.Credential.Username);
        Assert.Equal("SCRAM-SHA-256", client.Settings.Credential.Mechanism);
        Assert.Equal(new MongoServerAddress("db.example", 27017), client.Settings.Server);
    }

    [Fact]
    public void Connection_string_wins_over_the_settings_section()
    {
        var settings = MongoDBClientExtensions.ReadSettings(Configuration(new()
        {
            ["ConnectionStrings:events"] = ConnectionString,
            ["Aspire:MongoDB:Driver:events:ConnectionString"] = "mongodb://other:27017/other",
            ["Aspire:MongoDB:Driver:DisableTracing"] = "true",
            ["Aspire:MongoDB:Driver:events:HealthCheckTimeout"] = "1234",
        }), "events");

        Assert.Equal(ConnectionString, settings.ConnectionString);
        Assert.True(settings.DisableTracing);
        Assert.Equal(1234, settings.HealthCheckTimeout);
        Assert.False(settings.DisableHealthChecks);
    }

    [Fact]
    public void Named_section_overrides_the_shared_section()
    {
        var settings = MongoDBClientExtensions.ReadSettings(Configuration(new()
        {
            ["Aspire:MongoDB:Driver:DisableHealthChecks"] = "true",
            ["Aspire:MongoDB:Driver:events:DisableHealthChecks"] = "false",
            ["Aspire:MongoDB:Driver:events:ConnectionString"] = "mongodb://localhost:27017/pulse_events",
        }), "events");

        Assert.False(settings.DisableHealthChecks);
        Assert.Equal("mongodb://localhost:27017/pulse_events", settings.ConnectionString);
    }

    [Fact]
    public void Missing_connection_string_names_the_settings_to_set()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Build([]));

        Assert.Contains("ConnectionStrings:events", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_string_without_a_database_is_refused()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            Build(new() { ["ConnectionStrings:events"] = "mongodb://localhost:27017" }));

        Assert.Contains("names no database", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_connection_string_is_refused_with_the_connection_name()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            Build(new() { ["ConnectionStrings:events"] = "postgres://not-mongo/db" }));

        Assert.Contains("'events'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Health_check_is_registered_unless_disabled()
    {
        using var withCheck = Build(new() { ["ConnectionStrings:events"] = ConnectionString });
        using var withoutCheck = Build(new()
        {
            ["ConnectionStrings:events"] = ConnectionString,
            ["Aspire:MongoDB:Driver:DisableHealthChecks"] = "true",
        });

        Assert.Contains(HealthCheckNames(withCheck), name => name == MongoDBClientExtensions.HealthCheckName("events"));
        Assert.DoesNotContain(HealthCheckNames(withoutCheck), name => name == MongoDBClientExtensions.HealthCheckName("events"));
    }

    [Fact]
    public void Tracing_switch_turns_off_the_drivers_spans()
    {
        using var traced = Build(new() { ["ConnectionStrings:events"] = ConnectionString });
        using var untraced = Build(new()
        {
            ["ConnectionStrings:events"] = ConnectionString,
            ["Aspire:MongoDB:Driver:DisableTracing"] = "true",
        });

        Assert.False(traced.Services.GetRequiredService<IMongoClient>().Settings.TracingOptions?.Disabled ?? false);
        Assert.True(untraced.Services.GetRequiredService<IMongoClient>().Settings.TracingOptions?.Disabled);
    }

    [Fact]
    public void Health_check_sends_the_standard_ping_command()
    {
        // db.runCommand({ ping: 1 }) in the MongoDB manual: one field, named ping, with value 1.
        Assert.Equal("{ \"ping\" : 1 }", MongoDBPingHealthCheck.PingCommand.ToJson());
    }

    [Fact]
    public async Task Health_check_reports_an_unreachable_server_with_the_configured_failure_status()
    {
        // Nothing listens on port 1; a short server selection timeout makes the driver give up fast.
        var client = new MongoClient(new MongoClientSettings
        {
            Server = new MongoServerAddress("127.0.0.1", 1),
            ServerSelectionTimeout = TimeSpan.FromMilliseconds(200),
            ConnectTimeout = TimeSpan.FromMilliseconds(200),
        });
        var check = new MongoDBPingHealthCheck(client.GetDatabase("pulse_events"), TimeSpan.FromSeconds(5));
        var context = new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("mongo", check, HealthStatus.Degraded, tags: null),
        };

        var result = await check.CheckHealthAsync(context, TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("pulse_events", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_check_gives_up_at_its_own_timeout_and_says_what_the_driver_knows_of_the_server()
    {
        // The driver's server selection would wait 30 s; the check stops waiting first.
        var client = new MongoClient(new MongoClientSettings { Server = new MongoServerAddress("127.0.0.1", 1) });
        var check = new MongoDBPingHealthCheck(client.GetDatabase("pulse_events"), TimeSpan.FromMilliseconds(300));
        var context = new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("mongo", check, HealthStatus.Degraded, tags: null),
        };

        var result = await check.CheckHealthAsync(context, TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("did not answer ping within 300 ms", result.Description, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", result.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void A_health_check_timeout_that_is_not_positive_is_refused(string timeout)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Build(new()
        {
            ["ConnectionStrings:events"] = ConnectionString,
            ["Aspire:MongoDB:Driver:HealthCheckTimeout"] = timeout,
        }));

        Assert.Contains("HealthCheckTimeout", exception.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> values)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(values);
        builder.AddMongoDBClient("events");
        return builder.Build();
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static IEnumerable<string> HealthCheckNames(IHost host) =>
        host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Select(registration => registration.Name);
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;
using OpenTelemetry.Trace;
using Pulse.ServiceDefaults.MongoDB;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Pulse's MongoDB client integration, shaped like Aspire's official <c>Aspire.MongoDB.Driver</c>
/// (not served to these machines): <see cref="IMongoClient"/> and <see cref="IMongoDatabase"/>
/// singletons, a <c>ping</c> health check and the driver's tracing, each with a switch.
/// </summary>
public static class MongoDBClientExtensions
{
    public const string DefaultConfigSectionName = "Aspire:MongoDB:Driver";

    /// <summary>
    /// Registers <see cref="IMongoClient"/> and <see cref="IMongoDatabase"/> for the connection string
    /// <c>ConnectionStrings:{connectionName}</c>, whose path names the database.
    /// </summary>
    public static IHostApplicationBuilder AddMongoDBClient(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<MongoDBClientSettings>? configureSettings = null,
        Action<MongoClientSettings>? configureClientSettings = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = ReadSettings(builder.Configuration, connectionName);
        configureSettings?.Invoke(settings);

        var url = ParseUrl(settings.ConnectionString, connectionName);
        var clientSettings = MongoClientSettings.FromUrl(url);
        clientSettings.ApplicationName ??= builder.Environment.ApplicationName;
        if (settings.DisableTracing)
        {
            clientSettings.TracingOptions = new TracingOptions { Disabled = true };
        }
        configureClientSettings?.Invoke(clientSettings);

        builder.Services.AddSingleton<IMongoClient>(_ => new MongoClient(clientSettings));
        builder.Services.AddSingleton(services => services.GetRequiredService<IMongoClient>().GetDatabase(url.DatabaseName));

        if (!settings.DisableHealthChecks)
        {
            if (settings.HealthCheckTimeout <= 0)
            {
                throw new InvalidOperationException(
                    $"MongoDB connection '{connectionName}': {DefaultConfigSectionName}:HealthCheckTimeout must be a positive number of milliseconds, not {settings.HealthCheckTimeout}.");
            }
            var timeout = TimeSpan.FromMilliseconds(settings.HealthCheckTimeout);
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                HealthCheckName(connectionName),
                services => new MongoDBPingHealthCheck(services.GetRequiredService<IMongoDatabase>(), timeout),
                failureStatus: HealthStatus.Unhealthy,
                tags: ["mongodb"],
                // The check keeps its own time, so it can say what the driver knows of the servers.
                timeout: null));
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(MongoTelemetry.ActivitySourceName));
        }

        return builder;
    }

    public static string HealthCheckName(string connectionName) => $"MongoDB.Driver.{connectionName}";

    internal static MongoDBClientSettings ReadSettings(IConfiguration configuration, string connectionName)
    {
        var settings = new MongoDBClientSettings();
        var section = configuration.GetSection(DefaultConfigSectionName);
        section.Bind(settings);
        section.GetSection(connectionName).Bind(settings);

        if (configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        return settings;
    }

    internal static MongoUrl ParseUrl(string? connectionString, string connectionName)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"MongoDB connection '{connectionName}' has no connection string: set 'ConnectionStrings:{connectionName}' " +
                $"or '{DefaultConfigSectionName}:{connectionName}:ConnectionString'.");
        }

        MongoUrl url;
        try
        {
            url = MongoUrl.Create(connectionString);
        }
        catch (MongoConfigurationException exception)
        {
            throw new InvalidOperationException(
                $"MongoDB connection '{connectionName}' has a malformed connection string: {exception.Message}", exception);
        }

        if (string.IsNullOrEmpty(url.DatabaseName))
        {
            throw new InvalidOperationException(
                $"MongoDB connection '{connectionName}' names no database: add it to the path, as in mongodb://host:27017/pulse_events.");
        }

        return url;
    }
}

using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pulse.AppHost.Hosting.MongoDB;

public static class MongoDBBuilderExtensions
{
    /// <summary>The image Pulse pins (the official integration defaults to 8.x).</summary>
    public const string Image = "library/mongo";
    public const string ImageTag = "7";
    public const string ImageRegistry = "docker.io";
    public const string DataDirectory = "/data/db";

    /// <summary>Adds a MongoDB server container whose root password is a generated secret parameter.</summary>
    public static IResourceBuilder<MongoDBServerResource> AddMongoDB(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<ParameterResource>? password = null,
        int? port = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);

        var passwordParameter = password?.Resource
            ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var server = new MongoDBServerResource(name, passwordParameter);

        return builder.AddResource(server)
            .WithEndpoint(port: port, targetPort: MongoDBServerResource.DefaultPort, name: MongoDBServerResource.PrimaryEndpointName)
            .WithImage(Image, ImageTag)
            .WithImageRegistry(ImageRegistry)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["MONGO_INITDB_ROOT_USERNAME"] = MongoDBServerResource.RootUserName;
                context.EnvironmentVariables["MONGO_INITDB_ROOT_PASSWORD"] = server.PasswordParameter;
            })
            .WithPingHealthCheck();
    }

    /// <summary>Adds a database; MongoDB creates it on first write, so nothing runs against the server here.</summary>
    public static IResourceBuilder<MongoDBDatabaseResource> AddDatabase<TServer>(
        this IResourceBuilder<TServer> builder,
        string name,
        string? databaseName = null)
        where TServer : IMongoDBServerResource
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var database = new MongoDBDatabaseResource(name, databaseName ?? name, builder.Resource);
        return builder.ApplicationBuilder.AddResource(database);
    }

    /// <summary>Keeps the server's data in a named volume mounted on <c>/data/db</c>.</summary>
    public static IResourceBuilder<MongoDBServerResource> WithDataVolume(this IResourceBuilder<MongoDBServerResource> builder, string? name = null) =>
        builder.WithVolume(name ?? $"{builder.ApplicationBuilder.Environment.ApplicationName.ToLowerInvariant()}-{builder.Resource.Name}-data", DataDirectory);

    /// <summary>Registers a <c>ping</c> health check, so <c>WaitFor</c> waits until the server answers.</summary>
    public static IResourceBuilder<TServer> WithPingHealthCheck<TServer>(this IResourceBuilder<TServer> builder)
        where TServer : IMongoDBServerResource
    {
        string? connectionString = null;
        builder.ApplicationBuilder.Eventing.Subscribe<ConnectionStringAvailableEvent>(builder.Resource, async (_, cancellationToken) =>
            connectionString = await builder.Resource.ConnectionStringExpression.GetValueAsync(cancellationToken));

        var healthCheckKey = $"{builder.Resource.Name}_check";
        var healthCheck = new MongoDBPingHealthCheck(() => connectionString);
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            _ => healthCheck,
            failureStatus: HealthStatus.Unhealthy,
            tags: null));

        return builder.WithHealthCheck(healthCheckKey);
    }
}

using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Pulse.AppHost.Hosting.MongoDB;
using Pulse.AppHost.Infrastructure;
using Pulse.Contracts;

namespace Pulse.AppHost.Hosting.Local;

/// <summary>
/// Local mode's servers: executable resources over the machine's own binaries, each started by a
/// small script in LocalInfrastructure/scripts, each with a health check so <c>WaitFor</c> works.
/// </summary>
public static class LocalHostingExtensions
{
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string binDirectory, LocalDataLocation data)
    {
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var server = new LocalPostgresServerResource(name, "bash", builder.AppHostDirectory, password);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, cancellationToken) =>
            connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken));

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => (connectionString ?? throw new InvalidOperationException("Connection string is unavailable")) + ";Database=postgres",
            name: healthCheckKey);

        return builder.AddResource(server)
            .WithArgs(Script(builder, "local-postgres.sh"), data.For(name), Retention(data))
            .WithEndpoint(name: LocalPostgresServerResource.PrimaryEndpointName, scheme: "tcp", env: "PULSE_PG_PORT")
            .WithEnvironment("PULSE_PG_BIN", binDirectory)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["PULSE_PG_PASSWORD"] = server.PasswordParameter;
                context.EnvironmentVariables["PULSE_PG_DATABASES"] = string.Join(',', server.Annotations
                    .OfType<LocalDatabaseAnnotation>().Select(database => database.DatabaseName));
            })
            .WithHealthCheck(healthCheckKey)
            .WithIconName("DatabaseStack");
    }

    /// <summary>Adds a database the server's start script creates if missing.</summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> builder, string name, string databaseName)
    {
        builder.WithAnnotation(new LocalDatabaseAnnotation(databaseName));
        var database = new LocalPostgresDatabaseResource(name, databaseName, builder.Resource);

        string? connectionString = null;
        builder.ApplicationBuilder.Eventing.Subscribe<ConnectionStringAvailableEvent>(database, async (_, cancellationToken) =>
            connectionString = await database.ConnectionStringExpression.GetValueAsync(cancellationToken));

        var healthCheckKey = $"{name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().AddNpgSql(
            _ => connectionString ?? throw new InvalidOperationException("Connection string is unavailable"),
            name: healthCheckKey);

        return builder.ApplicationBuilder.AddResource(database)
            .WithParentState()
            .WithHealthCheck(healthCheckKey);
    }

    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, string redisServer, LocalDataLocation data, string appendFsync)
    {
        // StackExchange.Redis cannot parse a password with a comma, so the generated one has no specials.
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var redis = new LocalRedisResource(name, "bash", builder.AppHostDirectory, password);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, cancellationToken) =>
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(cancellationToken));

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException("Connection string is unavailable"),
            name: healthCheckKey);

        var webPassword = RedisWebSubscriber.CreatePassword(builder, name);
        return builder.AddResource(redis)
            .WithArgs(Script(builder, "local-redis.sh"), data.For(name), Retention(data))
            .WithEndpoint(name: LocalRedisResource.PrimaryEndpointName, scheme: "tcp", env: "PULSE_REDIS_PORT")
            .WithEnvironment("PULSE_REDIS_SERVER", redisServer)
            .WithEnvironment("PULSE_REDIS_APPENDFSYNC", appendFsync)
            .WithEnvironment(context => context.EnvironmentVariables["PULSE_REDIS_PASSWORD"] = redis.PasswordParameter)
            .WithAnnotation(new WebSubscriberUserAnnotation(webPassword))
            .WithEnvironment("PULSE_REDIS_WEB_USER", RedisAccess.WebSubscriber.User)
            .WithEnvironment("PULSE_REDIS_WEB_RULES", RedisAccess.WebSubscriber.Rules)
            .WithEnvironment(context => context.EnvironmentVariables["PULSE_REDIS_WEB_PASSWORD"] = webPassword)
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Memory");
    }

    public static IResourceBuilder<LocalMongoDBResource> AddLocalMongoDB(
        this IDistributedApplicationBuilder builder, string name, string mongod, LocalDataLocation data)
    {
        var mongo = new LocalMongoDBResource(name, "bash", builder.AppHostDirectory);
        return builder.AddResource(mongo)
            .WithArgs(Script(builder, "local-mongod.sh"), data.For(name), Retention(data))
            .WithEndpoint(name: LocalMongoDBResource.PrimaryEndpointName, scheme: "tcp", env: "PULSE_MONGO_PORT")
            .WithEnvironment("PULSE_MONGOD", mongod)
            .WithPingHealthCheck();
    }

    /// <summary>Shows in the dashboard why there is no MongoDB; runs nothing.</summary>
    public static IResourceBuilder<MongoDBUnavailableResource> AddMongoDBUnavailable(
        this IDistributedApplicationBuilder builder, string name, string reason) =>
        builder.AddResource(new MongoDBUnavailableResource(name, reason))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "MongoDB",
                State = new ResourceStateSnapshot("Not available", KnownResourceStateStyles.Warn),
                Properties = [new ResourcePropertySnapshot("Reason", reason)],
            })
            .ExcludeFromManifest();

    private static string Script(IDistributedApplicationBuilder builder, string fileName) =>
        Path.Combine(builder.AppHostDirectory, "LocalInfrastructure", "scripts", fileName);

    private static string Retention(LocalDataLocation data) => data.IsThrowaway ? "throwaway" : "keep";

    private sealed record LocalDatabaseAnnotation(string DatabaseName) : IResourceAnnotation;
}

using Pulse.AppHost.Hosting.MongoDB;
using Pulse.Contracts;

namespace Pulse.AppHost.Infrastructure;

public static class ContainerInfrastructure
{
    public const string PostgresImageTag = "15";
    public const string RedisImageTag = "7";

    /// <summary>
    /// The databases as the official images, pinned. Volumes and persistent lifetime only in run
    /// mode, so the manifest deploys clean containers and azd swaps in managed services.
    /// </summary>
    public static PulseInfrastructure AddContainerInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureChoice choice)
    {
        var appendFsync = InfrastructureSettings.ReadAppendFsync(builder.Configuration);

        var postgres = builder.AddPostgres(ResourceNames.PostgresServer)
            .WithImageTag(PostgresImageTag);
        var pulseDatabase = postgres.AddDatabase(ResourceNames.PulseDatabase, DatabaseNames.Pulse);

        var redis = builder.AddRedis(ResourceNames.Redis)
            .WithImageTag(RedisImageTag)
            .WithAppendOnlyFile(appendFsync);

        var mongo = builder.AddMongoDB(ResourceNames.MongoServer);
        var eventsDatabase = mongo.AddDatabase(ResourceNames.EventsDatabase, DatabaseNames.Events);

        if (builder.ExecutionContext.IsRunMode)
        {
            postgres.WithDataVolume().WithLifetime(ContainerLifetime.Persistent);
            redis.WithDataVolume().WithLifetime(ContainerLifetime.Persistent);
            mongo.WithDataVolume().WithLifetime(ContainerLifetime.Persistent);
        }

        return new PulseInfrastructure(choice, pulseDatabase, redis, eventsDatabase, EventsDatabaseIsManaged: true, EventsDatabaseNote: null);
    }
}

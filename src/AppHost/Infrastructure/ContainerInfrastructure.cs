using Pulse.AppHost.Hosting.MongoDB;
using Pulse.Contracts;

namespace Pulse.AppHost.Infrastructure;

public static class ContainerInfrastructure
{
    public const string PostgresImageTag = "15";
    public const string RedisImageTag = "7";

    /// <summary>
    /// The databases as the official images, pinned, except those given as external stores (see
    /// <see cref="ExternalStores"/>). Volumes and persistent lifetime only in run mode, so the
    /// manifest deploys clean containers.
    /// </summary>
    public static PulseInfrastructure AddContainerInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureChoice choice)
    {
        var external = ExternalStores.Read(builder.Configuration, builder.ExecutionContext.IsPublishMode);
        var isRunMode = builder.ExecutionContext.IsRunMode;

        IResourceBuilder<IResourceWithConnectionString> pulseDatabase;
        if (external.IsExternal(ResourceNames.PulseDatabase))
        {
            pulseDatabase = builder.AddConnectionString(ResourceNames.PulseDatabase);
        }
        else
        {
            var postgres = builder.AddPostgres(ResourceNames.PostgresServer).WithImageTag(PostgresImageTag);
            if (isRunMode)
            {
                postgres.WithDataVolume().WithLifetime(ContainerLifetime.Persistent);
            }
            pulseDatabase = postgres.AddDatabase(ResourceNames.PulseDatabase, DatabaseNames.Pulse);
        }

        IResourceBuilder<IResourceWithConnectionString> redis;
        if (external.IsExternal(ResourceNames.Redis))
        {
            redis = builder.AddConnectionString(ResourceNames.Redis);
        }
        else
        {
            var container = builder.AddRedis(ResourceNames.Redis)
                .WithImageTag(RedisImageTag)
                .WithAppendOnlyFile(InfrastructureSettings.ReadAppendFsync(builder.Configuration))
                .WithWebSubscriberUser();
            if (isRunMode)
            {
                container.WithDataVolume().WithLifetime(ContainerLifetime.Persistent);
            }
            redis = container;
        }

        if (external.IsExternal(ResourceNames.EventsDatabase))
        {
            return new PulseInfrastructure(choice, pulseDatabase, redis, builder.AddConnectionString(ResourceNames.EventsDatabase),
                EventsDatabaseIsManaged: false, $"MongoDB: the external store at ConnectionStrings:{ResourceNames.EventsDatabase}");
        }
        var mongo = builder.AddMongoDB(ResourceNames.MongoServer);
        if (isRunMode)
        {
            mongo.WithDataVolume().WithLifetime(ContainerLifetime.Persistent);
        }
        var eventsDatabase = mongo.AddDatabase(ResourceNames.EventsDatabase, DatabaseNames.Events);
        return new PulseInfrastructure(choice, pulseDatabase, redis, eventsDatabase, EventsDatabaseIsManaged: true, EventsDatabaseNote: null);
    }
}

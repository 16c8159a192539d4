using Pulse.AppHost.Hosting.MongoDB;
using Pulse.Contracts;

namespace Pulse.AppHost.Infrastructure;

public static class ContainerInfrastructure
{
    public const string PostgresImageTag = "15";
    public const string RedisImageTag = "7";

    /// <summary>
    /// The named volume a published store keeps its data in. Aspire's default name holds a hash of
    /// the AppHost's path, which differs from one checkout to the next; this one is the same
    /// everywhere, and plain (lower-case letters, digits, hyphens) as Azure Files share names must be.
    /// </summary>
    public static string PublishedDataVolume(string resourceName) => $"pulse-{resourceName}-data";

    /// <summary>
    /// The databases as the official images, pinned, except those given as external stores (see
    /// <see cref="ExternalStores"/>). Each keeps its data in a named volume, so a restart loses
    /// nothing: in run mode under Aspire's default name (developers' existing data stays where it
    /// is) and with a persistent lifetime; published under <see cref="PublishedDataVolume"/>.
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
            else
            {
                postgres.WithDataVolume(PublishedDataVolume(ResourceNames.PostgresServer));
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
            // The volume on /data holds the append-only file (and Aspire adds RDB snapshots to it).
            if (isRunMode)
            {
                container.WithDataVolume().WithLifetime(ContainerLifetime.Persistent);
            }
            else
            {
                container.WithDataVolume(PublishedDataVolume(ResourceNames.Redis));
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
        else
        {
            mongo.WithDataVolume(PublishedDataVolume(ResourceNames.MongoServer));
        }
        var eventsDatabase = mongo.AddDatabase(ResourceNames.EventsDatabase, DatabaseNames.Events);
        return new PulseInfrastructure(choice, pulseDatabase, redis, eventsDatabase, EventsDatabaseIsManaged: true, EventsDatabaseNote: null);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pulse.AppHost.Hosting.Local;
using Pulse.AppHost.Hosting.MongoDB;
using Pulse.Contracts;

namespace Pulse.AppHost.Infrastructure;

public static class LocalInfrastructure
{
    /// <summary>
    /// The databases from this machine's binaries, except those given as external stores (see
    /// <see cref="ExternalStores"/>): PostgreSQL and Redis; MongoDB from a <c>mongod</c> on PATH,
    /// else none.
    /// </summary>
    public static PulseInfrastructure AddLocalInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureChoice choice, LocalServerBinaries binaries)
    {
        var external = ExternalStores.Read(builder.Configuration, isPublishMode: false);
        var missing = binaries.MissingDebianPackages
            .Where(package => !(package == "postgresql" && external.IsExternal(ResourceNames.PulseDatabase)))
            .Where(package => !(package == "redis-server" && external.IsExternal(ResourceNames.Redis)))
            .ToList();
        if (missing.Count > 0)
        {
            throw new InfrastructureException(
                $"Local mode ({choice.Reason}) needs PostgreSQL and Redis on this machine, and {string.Join(" and ", missing)} is missing. " +
                $"Install it (sudo apt-get install {string.Join(' ', missing)}), start Docker and run again, or give the store's connection string (docs/deploy.md).");
        }

        var data = LocalDataLocation.Resolve(
            builder.Configuration[InfrastructureSettings.LocalDataDirectoryKey],
            builder.Configuration.GetValue<bool>(InfrastructureSettings.LocalThrowawayKey),
            runningAsRoot: Environment.IsPrivilegedProcess);
        if (data.IsThrowaway)
        {
            RemoveWhenStopped(builder, data);
        }

        IResourceBuilder<IResourceWithConnectionString> pulseDatabase = external.IsExternal(ResourceNames.PulseDatabase)
            ? builder.AddConnectionString(ResourceNames.PulseDatabase)
            : builder.AddLocalPostgres(ResourceNames.PostgresServer, binaries.PostgresBinDirectory!, data).AddDatabase(ResourceNames.PulseDatabase, DatabaseNames.Pulse);
        IResourceBuilder<IResourceWithConnectionString> redis = external.IsExternal(ResourceNames.Redis)
            ? builder.AddConnectionString(ResourceNames.Redis)
            : builder.AddLocalRedis(ResourceNames.Redis, binaries.RedisServer!, data, InfrastructureSettings.ReadAppendFsync(builder.Configuration));

        if (external.IsExternal(ResourceNames.EventsDatabase))
        {
            return new PulseInfrastructure(choice, pulseDatabase, redis, builder.AddConnectionString(ResourceNames.EventsDatabase), EventsDatabaseIsManaged: false,
                $"MongoDB: the existing server at ConnectionStrings:{ResourceNames.EventsDatabase}");
        }

        if (binaries.Mongod is not null)
        {
            var mongo = builder.AddLocalMongoDB(ResourceNames.MongoServer, binaries.Mongod, data);
            var eventsDatabase = mongo.AddDatabase(ResourceNames.EventsDatabase, DatabaseNames.Events).WithParentState();
            return new PulseInfrastructure(choice, pulseDatabase, redis, eventsDatabase, EventsDatabaseIsManaged: true,
                $"MongoDB: mongod from PATH ({binaries.Mongod})");
        }

        const string reason =
            "No mongod on PATH and no ConnectionStrings:events. The migration step retires the eventlog consumer group (no raw event log is kept), " +
            "the Api's MongoDB-backed endpoints answer 503, and everything else works. Put mongod on PATH or set ConnectionStrings__events to use one; " +
            "the next start resumes the group.";
        builder.AddMongoDBUnavailable(ResourceNames.MongoServer, reason);
        return new PulseInfrastructure(choice, pulseDatabase, redis, EventsDatabase: null, EventsDatabaseIsManaged: false, $"MongoDB: none. {reason}");
    }

    private static void RemoveWhenStopped(IDistributedApplicationBuilder builder, LocalDataLocation data) =>
        builder.Services.AddHostedService(services => new ThrowawayDataCleaner(data.Root, services.GetRequiredService<IHostApplicationLifetime>()));
}

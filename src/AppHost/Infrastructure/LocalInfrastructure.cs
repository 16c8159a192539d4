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
    /// The databases from this machine's binaries: PostgreSQL and Redis always; MongoDB from a
    /// <c>mongod</c> on PATH, else an existing server at <c>ConnectionStrings:events</c>, else none.
    /// </summary>
    public static PulseInfrastructure AddLocalInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureChoice choice, LocalServerBinaries binaries)
    {
        if (binaries.MissingDebianPackages is { Count: > 0 } missing)
        {
            throw new LocalInfrastructureException(
                $"Local mode ({choice.Reason}) needs PostgreSQL and Redis on this machine, and {string.Join(" and ", missing)} is missing. " +
                $"Install it (sudo apt-get install {string.Join(' ', missing)}), or start Docker and run again.");
        }

        var data = LocalDataLocation.Resolve(
            builder.Configuration[InfrastructureSettings.LocalDataDirectoryKey],
            builder.Configuration.GetValue<bool>(InfrastructureSettings.LocalThrowawayKey),
            runningAsRoot: Environment.IsPrivilegedProcess);
        if (data.IsThrowaway)
        {
            RemoveWhenStopped(builder, data);
        }

        var postgres = builder.AddLocalPostgres(ResourceNames.PostgresServer, binaries.PostgresBinDirectory!, data);
        var pulseDatabase = postgres.AddDatabase(ResourceNames.PulseDatabase, DatabaseNames.Pulse);

        var redis = builder.AddLocalRedis(ResourceNames.Redis, binaries.RedisServer!, data, InfrastructureSettings.ReadAppendFsync(builder.Configuration));

        if (binaries.Mongod is not null)
        {
            var mongo = builder.AddLocalMongoDB(ResourceNames.MongoServer, binaries.Mongod, data);
            var eventsDatabase = mongo.AddDatabase(ResourceNames.EventsDatabase, DatabaseNames.Events).WithParentState();
            return new PulseInfrastructure(choice, pulseDatabase, redis, eventsDatabase, EventsDatabaseIsManaged: true,
                $"MongoDB: mongod from PATH ({binaries.Mongod})");
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ResourceNames.EventsDatabase)))
        {
            var existing = builder.AddConnectionString(ResourceNames.EventsDatabase);
            return new PulseInfrastructure(choice, pulseDatabase, redis, existing, EventsDatabaseIsManaged: false,
                $"MongoDB: the existing server at ConnectionStrings:{ResourceNames.EventsDatabase}");
        }

        const string reason =
            "No mongod on PATH and no ConnectionStrings:events. The event log waits in the Redis stream, the Api's MongoDB-backed " +
            "endpoints answer 503, and everything else works. Put mongod on PATH or set ConnectionStrings__events to use one.";
        builder.AddMongoDBUnavailable(ResourceNames.MongoServer, reason);
        return new PulseInfrastructure(choice, pulseDatabase, redis, EventsDatabase: null, EventsDatabaseIsManaged: false, $"MongoDB: none. {reason}");
    }

    private static void RemoveWhenStopped(IDistributedApplicationBuilder builder, LocalDataLocation data) =>
        builder.Services.AddHostedService(services => new ThrowawayDataCleaner(data.Root, services.GetRequiredService<IHostApplicationLifetime>()));
}

/// <summary>Local mode cannot run: the message says what to install.</summary>
public sealed class LocalInfrastructureException(string message) : Exception(message);

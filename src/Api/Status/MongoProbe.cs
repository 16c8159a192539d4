using System.Diagnostics;
using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts;
using Pulse.Contracts.Status;

namespace Pulse.Api.Status;

/// <param name="database">Null where this deployment has no MongoDB (see ApplicationServiceExtensions).</param>
public sealed class MongoProbe(IMongoDatabase? database = null) : IStoreProbe
{
    public string Store => StoreNames.MongoDB;

    public async Task<StoreStatus> ProbeAsync(CancellationToken cancellationToken)
    {
        if (database is null)
        {
            return new StoreStatus(Store, StoreState.Unavailable, null,
                $"No MongoDB is configured (ConnectionStrings:{ResourceNames.EventsDatabase} is not set); events wait in the stream until one is.");
        }

        var started = Stopwatch.GetTimestamp();
        await database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
        return new StoreStatus(Store, StoreState.Up, Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
    }
}

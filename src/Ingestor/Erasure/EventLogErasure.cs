using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Events;
using Pulse.Contracts.Privacy;

namespace Pulse.Ingestor.Erasure;

/// <summary>
/// Takes a user out of the raw event log: erasing deletes their events and removes them as the
/// target of anyone else's; anonymising puts the pseudonym in both places. Only the types that have
/// a target are searched for one (there is no index on it; the type's index narrows the scan).
/// </summary>
public sealed class EventLogErasure(IServiceProvider services)
{
    public static readonly IReadOnlyList<string> TypesWithTarget =
        [.. EventRules.Shapes.Where(shape => shape.Value == EventShape.OnUser).Select(shape => shape.Key).Order(StringComparer.Ordinal)];

    public static FilterDefinition<BsonDocument> OwnEvents(long userId) => Filter.Eq(EventLogFields.UserId, userId);

    public static FilterDefinition<BsonDocument> TargetedBy(long userId) =>
        Filter.And(Filter.In(EventLogFields.Type, TypesWithTarget), Filter.Eq(EventLogFields.TargetUserId, userId));

    public static UpdateDefinition<BsonDocument> ClearTarget { get; } = Builders<BsonDocument>.Update.Unset(EventLogFields.TargetUserId);

    public static UpdateDefinition<BsonDocument> SetUser(long pseudonym) => Builders<BsonDocument>.Update.Set(EventLogFields.UserId, pseudonym);

    public static UpdateDefinition<BsonDocument> SetTarget(long pseudonym) => Builders<BsonDocument>.Update.Set(EventLogFields.TargetUserId, pseudonym);

    /// <summary>Without MongoDB configured there is no event log: the receipt says so.</summary>
    public async Task RunAsync(ErasureJobRun job, CancellationToken cancellationToken)
    {
        if (services.GetService<IMongoDatabase>() is not { } database)
        {
            job.Receipt.Add(ErasureStores.MongoDb, "notConfigured", 1);
            return;
        }
        var events = database.GetCollection<BsonDocument>(MongoCollections.Events);
        if (job.Mode == ErasureModes.Erase)
        {
            var deleted = await events.DeleteManyAsync(OwnEvents(job.UserId), cancellationToken);
            var untargeted = await events.UpdateManyAsync(TargetedBy(job.UserId), ClearTarget, cancellationToken: cancellationToken);
            job.Receipt.Add(ErasureStores.MongoDb, "eventsDeleted", deleted.DeletedCount);
            job.Receipt.Add(ErasureStores.MongoDb, "targetsRemoved", untargeted.ModifiedCount);
        }
        else
        {
            var pseudonym = job.Pseudonym ?? throw new InvalidOperationException($"Erasure job {job.Id} anonymises without a pseudonym.");
            var own = await events.UpdateManyAsync(OwnEvents(job.UserId), SetUser(pseudonym), cancellationToken: cancellationToken);
            var targeted = await events.UpdateManyAsync(TargetedBy(job.UserId), SetTarget(pseudonym), cancellationToken: cancellationToken);
            job.Receipt.Add(ErasureStores.MongoDb, "eventsAnonymised", own.ModifiedCount);
            job.Receipt.Add(ErasureStores.MongoDb, "targetsAnonymised", targeted.ModifiedCount);
        }
    }

    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;
}

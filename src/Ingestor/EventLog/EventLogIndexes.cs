using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts;
using Pulse.Contracts.EventLog;
using Pulse.ServiceDefaults.Retention;

namespace Pulse.Ingestor.EventLog;

/// <summary>
/// The event log's indexes, one per query shape the Api's event analytics send, plus the TTL index
/// that expires raw events. Ensured once before the sink's first write (so an absent MongoDB does
/// not hold up the Ingestor's start), idempotently: creating an index that exists is a no-op, and
/// a changed retention (<c>Pulse:Retention:RawEvents</c>) is applied to the TTL index with <c>collMod</c>.
/// </summary>
public sealed partial class EventLogIndexes(IMongoDatabase database, IOptions<RetentionOptions> options, ILogger<EventLogIndexes> logger) : IDisposable
{
    /// <summary>
    /// IndexOptionsConflict: an index with these keys exists with other options (another retention,
    /// when it is ours) or under another name.
    /// </summary>
    public const int IndexOptionsConflictCode = 85;

    /// <summary>IndexKeySpecsConflict: an index with this name exists on other keys.</summary>
    public const int IndexKeySpecsConflictCode = 86;

    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool ensured;

    /// <summary>The query indexes: each leads with the field a pipeline matches on equality, then the time range.</summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> QueryIndexes { get; } =
    [
        Model(EventLogIndexNames.TypeTime, Keys.Ascending(EventLogFields.Type).Ascending(EventLogFields.Timestamp)),
        // _id last: the timeline pages by (ts, _id) newest first, and the index then gives that order without a sort.
        Model(EventLogIndexNames.UserTime, Keys.Ascending(EventLogFields.UserId).Ascending(EventLogFields.Timestamp).Ascending(EventLogFields.Id)),
        Model(EventLogIndexNames.PostTime, Keys.Ascending(EventLogFields.PostId).Ascending(EventLogFields.Timestamp)),
    ];

    /// <summary>
    /// The time index: serves ranges over all events, and expires each event <paramref name="retention"/>
    /// after its timestamp, in the whole seconds <see cref="RetentionChangeCommand"/> sends too.
    /// </summary>
    public static CreateIndexModel<BsonDocument> TimeToLiveIndex(TimeSpan retention) =>
        new(Keys.Ascending(EventLogFields.Timestamp),
            new CreateIndexOptions { Name = EventLogIndexNames.TimeToLive, ExpireAfter = TimeSpan.FromSeconds(ExpireAfterSeconds(retention)) });

    /// <summary>The keys of the time index, as <c>listIndexes</c> reports them.</summary>
    public static BsonDocument TimeToLiveKeys { get; } = new(EventLogFields.Timestamp, 1);

    /// <summary>
    /// Why creating the time index conflicted, from what <c>listIndexes</c> reports: null when ours
    /// is there on its keys with another retention (then <c>collMod</c> changes it in place), else
    /// which index stands in the way and what to do about it.
    /// </summary>
    public static string? ConflictOf(IReadOnlyList<BsonDocument> indexes)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        var named = indexes.FirstOrDefault(index => index.GetValue("name", BsonNull.Value) == EventLogIndexNames.TimeToLive);
        if (named is not null)
        {
            return KeysOf(named) == TimeToLiveKeys ? null
                : $"The index '{EventLogIndexNames.TimeToLive}' on {MongoCollections.Events} has the keys {KeysOf(named)}, not {TimeToLiveKeys}: drop it and the Ingestor creates its own.";
        }
        var sameKeys = indexes.FirstOrDefault(index => KeysOf(index) == TimeToLiveKeys);
        return sameKeys is not null
            ? $"The index '{sameKeys.GetValue("name", "?")}' on {MongoCollections.Events} has the keys {TimeToLiveKeys} the Ingestor's '{EventLogIndexNames.TimeToLive}' needs: drop it (or rename it to '{EventLogIndexNames.TimeToLive}')."
            : $"Creating '{EventLogIndexNames.TimeToLive}' on {MongoCollections.Events} conflicted, and no index on {TimeToLiveKeys} or by that name is listed.";
    }

    private static BsonDocument KeysOf(BsonDocument index) =>
        index.TryGetValue("key", out var key) && key.IsBsonDocument ? NormalizedKeys(key.AsBsonDocument) : [];

    // listIndexes may report a key's direction as 1, 1L or 1.0: compare them as numbers.
    private static BsonDocument NormalizedKeys(BsonDocument keys) =>
        new(keys.Select(element => new BsonElement(element.Name, element.Value.IsNumeric ? new BsonInt32(element.Value.ToInt32()) : element.Value)));

    /// <summary>Changes the TTL of the existing time index in place (the manual's <c>collMod</c> with <c>index.expireAfterSeconds</c>).</summary>
    public static BsonDocument RetentionChangeCommand(TimeSpan retention) => new()
    {
        { "collMod", MongoCollections.Events },
        { "index", new BsonDocument
            {
                { "name", EventLogIndexNames.TimeToLive },
                { "expireAfterSeconds", ExpireAfterSeconds(retention) },
            }
        },
    };

    public static long ExpireAfterSeconds(TimeSpan retention) => (long)retention.TotalSeconds;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (ensured)
        {
            return;
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!ensured)
            {
                await CreateAsync(cancellationToken);
                ensured = true;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value.RawEvents;
        var indexes = database.GetCollection<BsonDocument>(MongoCollections.Events).Indexes;
        await indexes.CreateManyAsync(QueryIndexes, cancellationToken);
        try
        {
            await indexes.CreateOneAsync(TimeToLiveIndex(retention), cancellationToken: cancellationToken);
        }
        catch (MongoCommandException exception) when (exception.Code is IndexOptionsConflictCode or IndexKeySpecsConflictCode)
        {
            using var cursor = await database.GetCollection<BsonDocument>(MongoCollections.Events).Indexes.ListAsync(cancellationToken);
            if (ConflictOf(await cursor.ToListAsync(cancellationToken)) is { } conflict)
            {
                LogConflict(conflict);
                throw new EventLogIndexConflictException(conflict, exception);
            }
            await database.RunCommandAsync<BsonDocument>(RetentionChangeCommand(retention), cancellationToken: cancellationToken);
            LogRetentionChanged(EventLogIndexNames.TimeToLive, retention);
        }
        LogEnsured(MongoCollections.Events, retention);
    }

    public void Dispose() => gate.Dispose();

    private static IndexKeysDefinitionBuilder<BsonDocument> Keys => Builders<BsonDocument>.IndexKeys;

    private static CreateIndexModel<BsonDocument> Model(string name, IndexKeysDefinition<BsonDocument> keys) =>
        new(keys, new CreateIndexOptions { Name = name });

    [LoggerMessage(LogLevel.Information, "Event log indexes on '{Collection}' are in place; raw events are kept for {Retention}.")]
    private partial void LogEnsured(string collection, TimeSpan retention);

    [LoggerMessage(LogLevel.Error, "The event log waits for its indexes: {Conflict}")]
    private partial void LogConflict(string conflict);

    [LoggerMessage(LogLevel.Information, "Retention changed: TTL index '{Index}' now expires events after {Retention}.")]
    private partial void LogRetentionChanged(string index, TimeSpan retention);
}

using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Ingestor.Streams;
using Pulse.ServiceDefaults.MongoDB;

namespace Pulse.Ingestor.EventLog;

/// <summary>
/// The <c>eventlog</c> consumer group's sink: each batch is one unordered <c>insertMany</c> into
/// the raw event log, keyed by event id, so a replayed event collides with itself and changes nothing.
/// </summary>
public sealed partial class EventLogSink(IMongoDatabase database, EventLogIndexes indexes, ILogger<EventLogSink> logger) : IEventBatchSink
{
    /// <summary>Unordered: one refused document (a replay) does not stop the ones after it.</summary>
    internal static readonly InsertManyOptions InsertOptions = new() { IsOrdered = false };

    private readonly IMongoCollection<BsonDocument> eventLog = database.GetCollection<BsonDocument>(MongoCollections.Events);

    public string Group => EventStreamNames.Groups.EventLog;

    public async Task WriteAsync(IReadOnlyList<PipelineEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        await indexes.EnsureAsync(cancellationToken);
        var documents = events.Select(EventLogDocument.From).ToList();
        try
        {
            await eventLog.InsertManyAsync(documents, InsertOptions, cancellationToken);
        }
        catch (MongoBulkWriteException exception) when (DuplicateKeyReplays.IsReplayOnly(exception))
        {
            LogReplayed(exception.WriteErrors.Count, events.Count);
        }
    }

    /// <summary>
    /// MongoDB out of reach, or an index standing in the way of the event log's own: both are
    /// faults of the store, so the batch waits (and the group's health says why), no event fails.
    /// </summary>
    public bool IsTransient(Exception exception) => exception is EventLogIndexConflictException || MongoFailures.IsTransient(exception);

    /// <summary>
    /// The event has no BSON form: the mapping refused a value (<see cref="ArgumentException"/>), or
    /// the driver refused to serialize it (a field name with U+0000, say), wherever in the chain of
    /// causes it says so. The Api refuses such events at the door; this is for those it still lets by.
    /// </summary>
    public bool IsUnstorable(Exception exception) => IsUnstorableEvent(exception);

    /// <summary>The server refused the document itself: it fails the collection's validator (121) or is too large (10334).</summary>
    public bool IsEntryFault(Exception exception) => exception switch
    {
        MongoBulkWriteException bulk => bulk.WriteErrors.Count > 0 && bulk.WriteErrors.All(error => error.Code is DocumentValidationFailure or ObjectTooLarge),
        MongoWriteException write => write.WriteError?.Code is DocumentValidationFailure or ObjectTooLarge,
        _ => false,
    };

    private const int DocumentValidationFailure = 121;
    private const int ObjectTooLarge = 10334;

    internal static bool IsUnstorableEvent(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is BsonException or ArgumentException or FormatException)
            {
                return true;
            }
        }
        return false;
    }

    [LoggerMessage(LogLevel.Debug, "{Duplicates} of {Count} events were already in the event log (a replay); the rest were inserted.")]
    private partial void LogReplayed(int duplicates, int count);
}

using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;
using Pulse.Contracts;
using Pulse.Ingestor.EventLog;
using Pulse.ServiceDefaults.MongoDB;
using Pulse.ServiceDefaults.Retention;

namespace Pulse.UnitTests.EventLog;

/// <summary>When the sink calls a failed insert a replay (success), a store outage (retry later) or a bad batch.</summary>
public class EventLogSinkRulesTests
{
    private static readonly ConnectionId Connection = new(new ServerId(new ClusterId(), new DnsEndPoint("db.example", 27017)));

    [Fact]
    public void An_event_whose_properties_have_no_bson_form_is_unstorable_and_a_store_outage_is_not()
    {
        using var properties = System.Text.Json.JsonDocument.Parse("""{"a\u0000b":1}""");
        var @event = new Pulse.Contracts.Events.PipelineEvent(Guid.CreateVersion7(), "search", 42, null, null,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, properties.RootElement.Clone());

        // The driver itself refuses the document, as InsertMany would, without a server.
        var refusal = Record.Exception(() => EventLogDocument.From(@event).ToBson());

        Assert.NotNull(refusal);
        Assert.True(EventLogSink.IsUnstorableEvent(refusal));
        Assert.True(EventLogSink.IsUnstorableEvent(new MongoClientException("wrapped", refusal)));
        Assert.False(EventLogSink.IsUnstorableEvent(new MongoConnectionException(Connection, "the server went away")));
        Assert.False(EventLogSink.IsUnstorableEvent(new TimeoutException("no server answered")));
    }

    [Fact]
    public void Refusals_that_are_all_duplicate_keys_are_a_replay()
    {
        Assert.True(DuplicateKeyReplays.IsReplayOnly([11000], writeConcernFailed: false));
        Assert.True(DuplicateKeyReplays.IsReplayOnly([11000, 11000, 11000], writeConcernFailed: false));
    }

    [Fact]
    public void Any_other_refusal_or_a_failed_write_concern_is_not_a_replay()
    {
        Assert.False(DuplicateKeyReplays.IsReplayOnly([11000, 2], writeConcernFailed: false));
        Assert.False(DuplicateKeyReplays.IsReplayOnly([10334], writeConcernFailed: false));
        Assert.False(DuplicateKeyReplays.IsReplayOnly([11000], writeConcernFailed: true));
        Assert.False(DuplicateKeyReplays.IsReplayOnly([], writeConcernFailed: false));
    }

    [Fact]
    public void A_bulk_exception_without_write_errors_is_not_a_replay()
    {
        var exception = new MongoBulkWriteException<BsonDocument>(Connection, new BulkWriteResult<BsonDocument>.Unacknowledged(0, []), [], null, []);

        Assert.False(DuplicateKeyReplays.IsReplayOnly(exception));
    }

    [Fact]
    public void Sink_serves_the_eventlog_group_with_unordered_inserts()
    {
        // The driver connects lazily: building a client and database sends nothing.
        var database = new MongoClient("mongodb://db.example:27017").GetDatabase("pulse_events");
        using var indexes = new EventLogIndexes(database, Options.Create(new RetentionOptions()), NullLogger<EventLogIndexes>.Instance);
        var sink = new EventLogSink(database, indexes, NullLogger<EventLogSink>.Instance);

        Assert.Equal(EventStreamNames.Groups.EventLog, sink.Group);
        Assert.False(EventLogSink.InsertOptions.IsOrdered);
        Assert.True(sink.IsTransient(new TimeoutException()));
        Assert.False(sink.IsTransient(Command(2)));
        // An index in the way is the store's fault: the batch waits, no event fails.
        Assert.True(sink.IsTransient(new EventLogIndexConflictException("The index 'ts_1' …", Command(85))));
    }

    public static TheoryData<string, Exception> Outages => new()
    {
        { "connection refused", new MongoConnectionException(Connection, "connection refused") },
        { "authentication failed", new MongoAuthenticationException(Connection, "bad password") },
        { "server selection timed out", new TimeoutException("A timeout occurred after 30000ms selecting a server") },
        { "not primary", new MongoNotPrimaryException(Connection, new BsonDocument("insert", "events"), new BsonDocument { { "ok", 0 }, { "code", 10107 } }) },
        { "shutting down", Command(91) },
        { "primary stepped down", Command(189) },
        { "time limit", new MongoExecutionTimeoutException(Connection, "operation exceeded time limit") },
        { "labelled retryable", Labelled(Command(2), "RetryableWriteError") },
        { "cancelled", new OperationCanceledException() },
    };

    public static TheoryData<string, Exception> BadBatches => new()
    {
        { "bad value", Command(2) },
        { "document too large", Command(10334) },
        { "unserializable document", new BsonSerializationException("Element name '\\0' is not valid.") },
        { "argument", new ArgumentException("A JSON value of kind Undefined has no BSON form.") },
        { "anything unknown", new InvalidOperationException("?") },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void Store_outages_are_transient(string what, Exception exception)
    {
        Assert.True(MongoFailures.IsTransient(exception), what);
    }

    [Theory]
    [MemberData(nameof(BadBatches))]
    public void Bad_batches_are_not_transient(string what, Exception exception)
    {
        Assert.False(MongoFailures.IsTransient(exception), what);
    }

    private static MongoCommandException Command(int code) =>
        new(Connection, $"command failed with code {code}", new BsonDocument("insert", "events"), new BsonDocument { { "ok", 0 }, { "code", code }, { "errmsg", "failed" } });

    private static MongoException Labelled(MongoException exception, string label)
    {
        exception.AddErrorLabel(label);
        return exception;
    }
}

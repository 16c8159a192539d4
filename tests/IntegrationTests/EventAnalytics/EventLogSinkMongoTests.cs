using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Events;
using Pulse.Ingestor.EventLog;
using Pulse.ServiceDefaults.Retention;

namespace Pulse.IntegrationTests.EventAnalytics;

/// <summary>The event-log sink against a real MongoDB (only where PULSE_TEST_MONGODB is set).</summary>
public sealed class EventLogSinkMongoTests : IAsyncLifetime
{
    private readonly MongoTestDatabase? mongo = MongoTestDatabase.CreateIfAvailable();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (mongo is not null)
        {
            await mongo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Writes_each_event_as_its_document()
    {
        var database = RequireMongo();
        var @event = Event(1, "post_view") with
        {
            PostId = 10,
            Device = new EventDevice("mobile", "iOS", "Safari"),
            Geo = new EventGeo("US", "Seattle"),
            Properties = System.Text.Json.JsonDocument.Parse("""{ "durationMs": 3200, "tags": ["a", 1.5], "nested": { "ok": true } }""").RootElement,
        };

        await Sink(database, out _).WriteAsync([@event], TestContext.Current.CancellationToken);

        var stored = await Events(database).Find(new BsonDocument()).SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(EventLogDocument.From(@event), stored);
    }

    [Fact]
    public async Task Replaying_a_batch_stores_nothing_twice_and_keeps_the_new_events()
    {
        var database = RequireMongo();
        var sink = Sink(database, out _);
        PipelineEvent[] first = [Event(1, "post_view"), Event(2, "post_like"), Event(3, "search")];

        await sink.WriteAsync(first, TestContext.Current.CancellationToken);
        await sink.WriteAsync([.. first, Event(4, "session_end")], TestContext.Current.CancellationToken);
        await sink.WriteAsync(first, TestContext.Current.CancellationToken);

        Assert.Equal(4, await Events(database).CountDocumentsAsync(new BsonDocument(), cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Creates_the_query_indexes_and_the_ttl_index_and_follows_a_retention_change()
    {
        var database = RequireMongo();
        await Sink(database, out var indexes, TimeSpan.FromDays(90)).WriteAsync([Event(1, "search")], TestContext.Current.CancellationToken);
        indexes.Dispose();

        var specs = await IndexesAsync(database);
        Assert.Equal(BsonDocument.Parse("{ type: 1, ts: 1 }"), specs[EventLogIndexNames.TypeTime]["key"]);
        Assert.Equal(BsonDocument.Parse("{ userId: 1, ts: 1, _id: 1 }"), specs[EventLogIndexNames.UserTime]["key"]);
        Assert.Equal(BsonDocument.Parse("{ postId: 1, ts: 1 }"), specs[EventLogIndexNames.PostTime]["key"]);
        Assert.Equal(BsonDocument.Parse("{ ts: 1 }"), specs[EventLogIndexNames.TimeToLive]["key"]);
        Assert.Equal(90 * 86_400, specs[EventLogIndexNames.TimeToLive]["expireAfterSeconds"].ToInt64());

        using var shorter = new EventLogIndexes(database, Options.Create(new RetentionOptions { RawEvents = TimeSpan.FromDays(30) }), NullLogger<EventLogIndexes>.Instance);
        await shorter.EnsureAsync(TestContext.Current.CancellationToken);
        await shorter.EnsureAsync(TestContext.Current.CancellationToken);

        Assert.Equal(30 * 86_400, (await IndexesAsync(database))[EventLogIndexNames.TimeToLive]["expireAfterSeconds"].ToInt64());
    }

    [Fact]
    public async Task An_index_on_the_time_keys_under_another_name_keeps_the_sink_waiting_as_for_a_store_fault()
    {
        var database = RequireMongo();
        await Events(database).Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(new BsonDocument(EventLogFields.Timestamp, 1), new CreateIndexOptions { Name = "ts_1" }),
            cancellationToken: TestContext.Current.CancellationToken);
        var sink = Sink(database, out _);

        var failure = await Assert.ThrowsAsync<EventLogIndexConflictException>(() => sink.WriteAsync([Event(1, "search")], TestContext.Current.CancellationToken));

        Assert.Contains("'ts_1'", failure.Message, StringComparison.Ordinal);
        Assert.True(sink.IsTransient(failure));
        Assert.False((await IndexesAsync(database)).ContainsKey(EventLogIndexNames.TimeToLive));
        Assert.Equal(0, await Events(database).CountDocumentsAsync(new BsonDocument(), cancellationToken: TestContext.Current.CancellationToken));
    }

    private IMongoDatabase RequireMongo()
    {
        Assert.SkipWhen(mongo is null, MongoTestDatabase.SkipReason);
        return mongo!.Database;
    }

    private static EventLogSink Sink(IMongoDatabase database, out EventLogIndexes indexes, TimeSpan? retention = null)
    {
        indexes = new EventLogIndexes(database, Options.Create(new RetentionOptions { RawEvents = retention ?? TimeSpan.FromDays(90) }), NullLogger<EventLogIndexes>.Instance);
        return new EventLogSink(database, indexes, NullLogger<EventLogSink>.Instance);
    }

    private static IMongoCollection<BsonDocument> Events(IMongoDatabase database) => database.GetCollection<BsonDocument>(MongoCollections.Events);

    private static async Task<Dictionary<string, BsonDocument>> IndexesAsync(IMongoDatabase database)
    {
        using var cursor = await Events(database).Indexes.ListAsync(TestContext.Current.CancellationToken);
        return (await cursor.ToListAsync(TestContext.Current.CancellationToken)).ToDictionary(index => index["name"].AsString);
    }

    private static PipelineEvent Event(int n, string type)
    {
        var now = DateTimeOffset.UtcNow;
        return new PipelineEvent(Guid.CreateVersion7(now.AddSeconds(n)), type, 42, null, null, now.AddSeconds(-n), now, null, null, null);
    }
}

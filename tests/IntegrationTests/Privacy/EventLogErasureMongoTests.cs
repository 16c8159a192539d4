using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts;
using Pulse.Contracts.EventLog;
using Pulse.Contracts.Events;
using Pulse.Contracts.Privacy;
using Pulse.Contracts.Realtime;
using Pulse.IntegrationTests.EventAnalytics;
using Pulse.IntegrationTests.EventLogLanguage;
using Pulse.Ingestor.Erasure;
using Pulse.Ingestor.EventLog;

namespace Pulse.IntegrationTests.Privacy;

/// <summary>
/// The event log's part of an erasure on a real MongoDB (only where PULSE_TEST_MONGODB is set):
/// events written by the sink, then both modes run, then what is left is read back.
/// </summary>
public sealed class EventLogErasureMongoTests : IAsyncLifetime
{
    private const long Erased = 7;
    private const long Other = 8;
    private const long Bystander = 9;
    private const long Pseudonym = -77;

    private readonly MongoTestDatabase? mongo = MongoTestDatabase.CreateIfAvailable();

    private static readonly PipelineEvent[] Events =
    [
        Event(1, Erased, EventTypes.PostView, post: 100),
        Event(2, Erased, EventTypes.Search),
        Event(3, Erased, EventTypes.UserFollow, target: Other),
        Event(4, Other, EventTypes.UserFollow, target: Erased),
        Event(5, Other, EventTypes.ProfileView, target: Erased),
        Event(6, Bystander, EventTypes.ProfileView, target: Other),
        Event(7, Bystander, EventTypes.PostLike, post: 100),
    ];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (mongo is not null)
        {
            await mongo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Erasing_deletes_the_users_events_removes_them_as_a_target_and_leaves_the_rest_as_stored()
    {
        var database = RequireMongo();
        await mongo!.WriteAsync(Events, TestContext.Current.CancellationToken);
        var job = Job(ErasureModes.Erase);

        await new EventLogErasure(Services(database)).RunAsync(job, TestContext.Current.CancellationToken);

        PipelineEvent[] expected =
        [
            Events[3] with { TargetUserId = null },
            Events[4] with { TargetUserId = null },
            Events[5],
            Events[6],
        ];
        Assert.Equal(expected.Select(EventLogDocument.From), await StoredAsync(database));
        Assert.Equal("""{"mongodb":{"eventsDeleted":3,"targetsRemoved":2}}""", job.Receipt.ToJson());

        // Run again, as after a crash: nothing left to change.
        await new EventLogErasure(Services(database)).RunAsync(job, TestContext.Current.CancellationToken);
        Assert.Equal("""{"mongodb":{"eventsDeleted":3,"targetsRemoved":2}}""", job.Receipt.ToJson());
    }

    [Fact]
    public async Task Anonymising_keeps_every_event_under_the_pseudonym_as_actor_and_as_target()
    {
        var database = RequireMongo();
        await mongo!.WriteAsync(Events, TestContext.Current.CancellationToken);
        var job = Job(ErasureModes.Anonymise);

        await new EventLogErasure(Services(database)).RunAsync(job, TestContext.Current.CancellationToken);

        PipelineEvent[] expected =
        [
            Events[0] with { UserId = Pseudonym },
            Events[1] with { UserId = Pseudonym },
            Events[2] with { UserId = Pseudonym },
            Events[3] with { TargetUserId = Pseudonym },
            Events[4] with { TargetUserId = Pseudonym },
            Events[5],
            Events[6],
        ];
        Assert.Equal(expected.Select(EventLogDocument.From), await StoredAsync(database));
        Assert.Equal("""{"mongodb":{"eventsAnonymised":3,"targetsAnonymised":2}}""", job.Receipt.ToJson());
    }

    [Fact]
    public async Task Without_MongoDB_configured_the_receipt_says_so_and_nothing_is_attempted()
    {
        var job = Job(ErasureModes.Erase);

        await new EventLogErasure(new ServiceCollection().BuildServiceProvider()).RunAsync(job, TestContext.Current.CancellationToken);

        Assert.Equal("""{"mongodb":{"notConfigured":1}}""", job.Receipt.ToJson());
    }

    private static ErasureJobRun Job(string mode) =>
        new(1, Erased, mode, "admin", ErasureSteps.EventLog, 0, mode == ErasureModes.Anonymise ? Pseudonym : null, ErasureReceipt.Parse("{}"));

    private static ServiceProvider Services(IMongoDatabase database) => new ServiceCollection().AddSingleton(database).BuildServiceProvider();

    private static async Task<List<BsonDocument>> StoredAsync(IMongoDatabase database) =>
        await database.GetCollection<BsonDocument>(MongoCollections.Events)
            .Find(FilterDefinition<BsonDocument>.Empty)
            .Sort(Builders<BsonDocument>.Sort.Ascending(EventLogFields.Id))
            .ToListAsync(TestContext.Current.CancellationToken);

    private IMongoDatabase RequireMongo()
    {
        Assert.SkipWhen(mongo is null, MongoTestDatabase.SkipReason);
        return mongo!.Database;
    }

    /// <summary>Ids end in the event's number, so the documents sort by _id as the array does.</summary>
    private static PipelineEvent Event(int number, long user, string type, long? post = null, long? target = null)
    {
        var at = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        return new PipelineEvent(SinkDocuments.Id(number), type, user, post, target, at, at, new EventDevice("mobile", "iOS", "Safari"), new EventGeo("GB", null), null);
    }
}

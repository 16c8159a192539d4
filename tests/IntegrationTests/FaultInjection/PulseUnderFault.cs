using System.Net.Http.Json;
using Npgsql;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Security;
using Pulse.Data.Accounts;
using Pulse.Data.Entities;
using Pulse.IntegrationTests.Data;
using Pulse.IntegrationTests.Pipeline;
using Pulse.Pipeline;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.FaultInjection;

/// <summary>
/// Pulse as a deployment runs it, for faults to be injected into: a real Redis of its own (with AOF
/// when asked), a database of its own on a real PostgreSQL, the Api and the Ingestor each a process
/// of its own, users and posts, and an ingest key. A deployment without MongoDB has its
/// <c>eventlog</c> group retired, as the AppHost's migration step does for such a stack.
/// </summary>
public sealed class PulseUnderFault : IAsyncDisposable
{
    public const string AdminKey = "fault-stack-admin-key-0123456789";

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(3);

    private PulseUnderFault(RedisServer redis, string database, long[] users, long[] posts, Dictionary<long, long> authorOf, string? eventLog)
    {
        EventLog = eventLog;
        Redis = redis;
        DatabaseConnectionString = database;
        Database = NpgsqlDataSource.Create(database);
        Feed = new EventFeed(users, posts, authorOf, seed: 20261207);
        (Users, Posts) = (users, posts);
        Api = new ApiProcess(database, redis.ConnectionString, new Dictionary<string, string>
        {
            // The feed is one client sending faster than any: the limiters are not under test here.
            ["Pulse:RateLimits:Ingest:PermitLimit"] = "1000000",
            ["Pulse:RateLimits:PerIp:PermitLimit"] = "1000000",
            ["Pulse:RateLimits:Default:PermitLimit"] = "1000000",
        });
        Ingestor = Replica("crash-test-replica", eventLog);
    }

    /// <summary>The MongoDB connection string the Ingestor gets; null: none, and the <c>eventlog</c> group is retired.</summary>
    public string? EventLog { get; }

    /// <summary>An Ingestor process (not started) named <paramref name="consumerName"/> in its groups, with the event log's MongoDB or none.</summary>
    public IngestorProcess Replica(string consumerName, string? eventLog)
    {
        var settings = new Dictionary<string, string>
        {
            ["Pulse:Ingestor:ConsumerName"] = consumerName,
            ["Pulse:Ingestor:ClaimIdleMs"] = "2000",
            ["Pulse:Ingestor:ClaimIntervalMs"] = "500",
            ["Pulse:Ingestor:ErrorBackoffMs"] = "200",
        };
        if (eventLog is not null)
        {
            settings[$"ConnectionStrings:{ResourceNames.EventsDatabase}"] = eventLog;
        }
        return new IngestorProcess(DatabaseConnectionString, Redis.ConnectionString, settings);
    }

    public RedisServer Redis { get; }

    public string DatabaseConnectionString { get; }

    public NpgsqlDataSource Database { get; }

    public EventFeed Feed { get; }

    public long[] Users { get; }

    public long[] Posts { get; }

    public ApiProcess Api { get; }

    public IngestorProcess Ingestor { get; }

    /// <summary>A client with an ingest key of its own, patient enough to ride out a paused store.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <param name="appendFsync">Redis's <c>appendfsync</c> policy (<c>everysec</c>, <c>always</c>), as docs/deploy.md asks for.</param>
    /// <param name="eventLog">A MongoDB connection string for the Ingestor; null: the deployment has none.</param>
    public static async Task<PulseUnderFault> StartAsync(PostgresServer postgres, string purpose, string appendFsync = "everysec", string? eventLog = null)
    {
        var redis = new RedisServer { AppendFsync = appendFsync };
        await redis.InitializeAsync();
        var database = await MigratedDatabase.CreateAsync(postgres, purpose);
        await using (var db = MigratedDatabase.Context(database))
        {
            await BootstrapAccounts.EnsureAsync(db, AdminKey, null, null, TimeProvider.System, TestContext.Current.CancellationToken);
        }
        await using (var data = NpgsqlDataSource.Create(database))
        {
            var (users, posts, authorOf) = await PipelineWorld.SeedAsync(data, users: 20, posts: 100);
            var stack = new PulseUnderFault(redis, database, users, posts, authorOf, eventLog);
            await stack.StartServicesAsync();
            return stack;
        }
    }

    private async Task StartServicesAsync()
    {
        await Api.StartAsync();
        using var admin = new HttpClient { BaseAddress = Api.BaseAddress };
        admin.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, AdminKey);
        using var created = await admin.PostAsJsonAsync("/api/keys", new CreateApiKeyRequest("fault-feed", ApiKeyScopes.Ingest), TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();
        var key = (await created.Content.ReadFromJsonAsync<ApiKeyCreated>(TestContext.Current.CancellationToken))!;
        Client = new HttpClient { BaseAddress = Api.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        Client.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, key.Secret);

        if (EventLog is null)
        {
            await new ConsumerGroupControl(Redis.Connection, TimeProvider.System)
                .RetireAsync(EventStreamNames.Key, EventStreamNames.Groups.EventLog, "this deployment has no MongoDB", "test");
        }
        Ingestor.Start();
    }

    /// <summary>A feed of <paramref name="batchSize"/>-event batches every <paramref name="interval"/>, started with one batch that names every user and post (the Api then knows them all).</summary>
    public async Task<SteadyFeed> StartFeedAsync(int batchSize, TimeSpan interval)
    {
        var feed = new SteadyFeed(Client, Feed, batchSize, interval);
        var now = DateTimeOffset.UtcNow;
        await feed.SendUntilAcceptedAsync(new IngestRequest([
            .. Users.Select(user => (IngestEvent?)new IngestEvent(Guid.CreateVersion7(), EventTypes.SessionStart, user, null, null, now, null, null, null)),
            .. Posts.Select(post => (IngestEvent?)new IngestEvent(Guid.CreateVersion7(), EventTypes.PostView, Users[0], post, null, now, null, null, null)),
        ]));
        return feed;
    }

    /// <summary>Waits until the aggregates group has acknowledged every entry, then returns what PostgreSQL holds.</summary>
    public async Task<AggregateSnapshot> DrainedSnapshotAsync()
    {
        await AggregatesGroup.WaitUntilDrainedAsync(Redis.Connection.GetDatabase(), DrainTimeout);
        return await AggregateSnapshot.ReadAsync(Database, TestContext.Current.CancellationToken);
    }

    /// <summary>The ids of <paramref name="events"/> that the aggregates have not recorded in <c>ingested_events</c>: accepted, yet lost.</summary>
    public async Task<List<Guid>> NeverAppliedAsync(IReadOnlyCollection<IngestEvent> events)
    {
        await using var command = Database.CreateCommand("select e.id from unnest($1) as e(id) where not exists (select 1 from ingested_events i where i.event_id = e.id)");
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(@event => @event.Id!.Value).ToArray() });
        var missing = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            missing.Add(reader.GetGuid(0));
        }
        return missing;
    }

    public Task<IReadOnlyList<Contracts.Pipeline.DeadLetter>> DeadLettersAsync() =>
        new DeadLetters(Redis.Connection, TimeProvider.System).ListAsync(100);

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await Ingestor.DisposeAsync();
        await Api.DisposeAsync();
        await Database.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MongoDB.Driver;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Ingestor.EventLog;
using Pulse.IntegrationTests.Api;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using Pulse.ServiceDefaults.Retention;

namespace Pulse.IntegrationTests.EventAnalytics;

/// <summary>
/// A throwaway database on the MongoDB that <c>PULSE_TEST_MONGODB</c> names, one per test class,
/// dropped afterwards. Where the variable is unset there is none, and the tests skip saying why.
/// </summary>
public sealed class MongoTestDatabase : IAsyncDisposable
{
    public static readonly string SkipReason =
        $"no MongoDB server can run on this machine; set {LocalPulseApp.MongoVariable} to a connection string to run this test";

    public static bool Available => LocalPulseApp.ExternalMongo is not null;

    private MongoTestDatabase(string connectionString, IMongoClient client, IMongoDatabase database)
    {
        ConnectionString = connectionString;
        Client = client;
        Database = database;
    }

    /// <summary>The connection string of this database, for the services under test.</summary>
    public string ConnectionString { get; }

    public IMongoClient Client { get; }

    public IMongoDatabase Database { get; }

    public static MongoTestDatabase? CreateIfAvailable()
    {
        if (LocalPulseApp.ExternalMongo is not { } connectionString)
        {
            return null;
        }
        var url = new MongoUrlBuilder(connectionString);
        // The database named in a URL is also where credentials are checked unless authSource says otherwise.
        if (url.Username is not null && url.AuthenticationSource is null)
        {
            url.AuthenticationSource = url.DatabaseName ?? "admin";
        }
        url.DatabaseName = $"pulse_test_{Guid.NewGuid():N}";
        var client = new MongoClient(url.ToMongoUrl());
        return new MongoTestDatabase(url.ToString(), client, client.GetDatabase(url.DatabaseName));
    }

    /// <summary>An Api whose event log is this database (not yet started).</summary>
    public ApiServer CreateApi(PostgresServer postgres) =>
        new(postgres, new Dictionary<string, string?> { [$"ConnectionStrings:{ResourceNames.EventsDatabase}"] = ConnectionString });

    /// <summary>Stores <paramref name="events"/> as the Ingestor's event-log sink does, its indexes first.</summary>
    public async Task WriteAsync(IReadOnlyList<PipelineEvent> events, CancellationToken cancellationToken)
    {
        using var indexes = new EventLogIndexes(Database, Options.Create(new RetentionOptions()), NullLogger<EventLogIndexes>.Instance);
        await new EventLogSink(Database, indexes, NullLogger<EventLogSink>.Instance).WriteAsync(events, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DropDatabaseAsync(Database.DatabaseNamespace.DatabaseName);
        Client.Dispose();
    }
}

using MongoDB.Driver;
using Pulse.TestSupport;

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

    public async ValueTask DisposeAsync()
    {
        await Client.DropDatabaseAsync(Database.DatabaseNamespace.DatabaseName);
        Client.Dispose();
    }
}

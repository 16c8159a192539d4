using Microsoft.EntityFrameworkCore;
using Pulse.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Data;

/// <summary>A fresh database on the shared server with every migration applied.</summary>
internal static class MigratedDatabase
{
    public static async Task<string> CreateAsync(PostgresServer server, string purpose)
    {
        var connectionString = await server.CreateDatabaseAsync(purpose);
        await using var context = Context(connectionString);
        await context.Database.MigrateAsync(TestContext.Current.CancellationToken);
        return connectionString;
    }

    /// <summary>
    /// A context of its own, without connection pooling: a pooled connection would stay open, idle,
    /// for minutes after the test (one per database), and a run creates hundreds of databases on a
    /// server that takes 300 connections.
    /// </summary>
    public static PulseDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<PulseDbContext>()
            .UsePulsePostgres(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString)
            .Options);
}

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

    public static PulseDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<PulseDbContext>().UsePulsePostgres(connectionString).Options);
}

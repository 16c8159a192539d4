using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pulse.Data;

namespace Pulse.Ops.Backfill;

/// <summary>
/// A backfill writes only to a database whose migrations (the ones this tool was built with) are
/// all applied: otherwise the tables it writes may not exist yet, or not in the shape its SQL expects.
/// </summary>
public static class SchemaCheck
{
    public static async Task RequireCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var db = new PulseDbContext(new DbContextOptionsBuilder<PulseDbContext>().UsePulsePostgres(dataSource).Options);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new BackfillRefusedException(
                $"PostgreSQL's schema lacks {pending.Count} migration(s) (first: {pending[0]}); run the MigrationService first.");
        }
    }
}

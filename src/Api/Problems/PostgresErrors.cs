using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Pulse.Api.Problems;

internal static class PostgresErrors
{
    /// <summary>The constraint a write broke, when the database refused it for <paramref name="sqlState"/>.</summary>
    public static string? Violated(this Exception exception, string sqlState) =>
        (exception as PostgresException ?? (exception as DbUpdateException)?.InnerException as PostgresException) is { } postgres
        && postgres.SqlState == sqlState
            ? postgres.ConstraintName ?? ""
            : null;
}

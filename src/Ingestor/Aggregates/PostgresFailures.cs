using System.Net.Sockets;
using Npgsql;

namespace Pulse.Ingestor.Aggregates;

/// <summary>
/// Tells PostgreSQL being unavailable, busy or unfit to write (retry the batch) from a batch it
/// refuses (isolate the entry). A store-wide fault fails every entry alike, so it must never count
/// against entries: read-only (as managed storage turns when full), a missing permission, a
/// missing table, column or function (a migration not applied) are the store's, not the events'.
/// </summary>
public static class PostgresFailures
{
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return IsTransientState(postgres.SqlState) || postgres.IsTransient;
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case TimeoutException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A data exception (class 22: a value out of range, malformed) or an integrity violation
    /// (class 23: a check or unique constraint) names the row being written: the event's fault.
    /// </summary>
    public static bool IsEntryFault(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException postgres)
            {
                return postgres.SqlState.StartsWith("22", StringComparison.Ordinal) || postgres.SqlState.StartsWith("23", StringComparison.Ordinal);
            }
        }
        return false;
    }

    private static bool IsTransientState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
        || sqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources (disk full, too many connections)
        || sqlState.StartsWith("57P", StringComparison.Ordinal) // admin or crash shutdown, cannot connect now
        || sqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
        || sqlState is PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.InsufficientPrivilege
            or PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.UndefinedFunction
        // The rollup writes only rows whose post or user it has just seen, so a foreign key can
        // fail only when a delete commits while the batch runs: the same batch succeeds once retried.
        || sqlState is PostgresErrorCodes.ForeignKeyViolation;
}

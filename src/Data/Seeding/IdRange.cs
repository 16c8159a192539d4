using Npgsql;

namespace Pulse.Data.Seeding;

/// <summary>
/// Claims a block of ids from an identity column's sequence before rows are copied with explicit
/// ids: the block starts past both the largest id in the table and the sequence's last value (which
/// covers ids other sessions drew but have not committed yet), and the sequence is moved past it at
/// once, so rows the Api inserts meanwhile or afterwards never collide with seeded ones. setval is not
/// transactional: if the load rolls back, the block stays unused, a harmless gap.
/// </summary>
internal static class IdRange
{
    /// <summary>Returns the offset: the claimed ids are offset + 1 through offset + count.</summary>
    public static async Task<long> ClaimAsync(NpgsqlConnection connection, string table, string column, long count, CancellationToken cancellationToken)
    {
        var quotedTable = CopyCommand.Quote(table);
        var quotedColumn = CopyCommand.Quote(column);
        var sql = $"""
            with sequence as (select pg_get_serial_sequence(@table, @column)::regclass as id),
                 last as (select greatest((select coalesce(max({quotedColumn}), 0) from {quotedTable}), coalesce(pg_sequence_last_value(sequence.id), 0)) as value from sequence)
            select case when @count > 0 then setval(sequence.id, last.value + @count) - @count else last.value end
            from sequence, last
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("table", quotedTable);
        command.Parameters.AddWithValue("column", column);
        command.Parameters.AddWithValue("count", count);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

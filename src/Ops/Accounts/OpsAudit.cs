using Npgsql;

namespace Pulse.Ops.Accounts;

/// <summary>
/// Writes what an operator did with pulse-ops to the audit log beside the Api's admin actions:
/// the actor is <c>pulse-ops:{OS user}</c>, the source the machine it ran on.
/// </summary>
public static class OpsAudit
{
    public static string Actor => $"pulse-ops:{Environment.UserName}";

    /// <summary>Records an action on <paramref name="connection"/>, in its transaction when one is open.</summary>
    public static async Task RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string action, string? target, string? detail, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "insert into audit_log (actor, action, target, detail, source) values ($1, $2, $3, $4, $5)", connection, transaction)
        {
            Parameters =
            {
                new() { Value = Actor },
                new() { Value = action },
                new() { Value = (object?)target ?? DBNull.Value },
                new() { Value = (object?)detail ?? DBNull.Value },
                new() { Value = Environment.MachineName },
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task RecordAsync(NpgsqlDataSource postgres, string action, string? target, string? detail, CancellationToken cancellationToken)
    {
        await using var connection = await postgres.OpenConnectionAsync(cancellationToken);
        await RecordAsync(connection, null, action, target, detail, cancellationToken);
    }
}

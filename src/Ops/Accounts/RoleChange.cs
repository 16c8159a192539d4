using Npgsql;
using Pulse.Contracts;
using Pulse.Contracts.Security;
using Pulse.Pipeline.Sessions;
using StackExchange.Redis;

namespace Pulse.Ops.Accounts;

/// <summary>What <see cref="RoleChange.RunAsync"/> did.</summary>
public sealed record RoleChangeSummary(long UserId, string Handle, string Before, string After, int SessionsEnded);

/// <summary>
/// Gives a user a role, as the Api's admin endpoint does: the change and its audit entry commit
/// together, and the user's sessions end at once so the new role holds from their next sign-in.
/// </summary>
public sealed class RoleChange(NpgsqlDataSource postgres, IDatabase redis)
{
    /// <returns>Null when there is no user with that handle.</returns>
    public async Task<RoleChangeSummary?> RunAsync(string handle, string role, CancellationToken cancellationToken)
    {
        await using var connection = await postgres.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var select = new NpgsqlCommand("select id, role from users where handle = $1 for update", connection, transaction)
        {
            Parameters = { new() { Value = handle } },
        };
        long id;
        string before;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            (id, before) = (reader.GetInt64(0), reader.GetString(1));
        }
        if (before == role)
        {
            return new RoleChangeSummary(id, handle, before, role, 0);
        }

        await using var update = new NpgsqlCommand("update users set role = $1 where id = $2", connection, transaction)
        {
            Parameters = { new() { Value = role }, new() { Value = id } },
        };
        await update.ExecuteNonQueryAsync(cancellationToken);
        await OpsAudit.RecordAsync(connection, transaction, AuditActions.RoleChanged, $"user:{id}:{handle}", $"{before} -> {role}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new RoleChangeSummary(id, handle, before, role, await UserSessions.EndAllAsync(redis, id));
    }
}

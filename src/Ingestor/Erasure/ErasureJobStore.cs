using Npgsql;
using NpgsqlTypes;
using Pulse.Contracts.Privacy;
using Pulse.Contracts.Security;

namespace Pulse.Ingestor.Erasure;

/// <summary>The job rows in <c>erasure_jobs</c>, leased to one runner at a time.</summary>
public sealed class ErasureJobStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Takes the oldest unfinished job no live runner holds (its lease ran out, or this runner held it
    /// before a restart), or null when there is none.
    /// </summary>
    public async Task<ErasureJobRun?> ClaimAsync(string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            update erasure_jobs j set
                state = '{ErasureStates.Running}', lease_owner = $1, lease_until = now() + $2,
                attempts = j.attempts + 1, started_at = coalesce(j.started_at, now()),
                step = coalesce(j.step, '{ErasureSteps.Mark}'), waiting = null
            where j.id = (
                select id from erasure_jobs
                where state <> '{ErasureStates.Completed}'
                  and (lease_until is null or lease_until < now() or lease_owner = $1)
                order by id
                for update skip locked
                limit 1)
            returning j.id, j.user_id, j.mode, j.requested_by, j.step, j.marked_at_ms, j.pseudonym, j.receipt::text
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        command.Parameters.Add(new NpgsqlParameter { Value = lease, NpgsqlDbType = NpgsqlDbType.Interval });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new ErasureJobRun(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetInt64(5),
            reader.IsDBNull(6) ? null : reader.GetInt64(6),
            ErasureReceipt.Parse(reader.GetString(7)));
    }

    /// <summary>Records a finished step (and what it counted) and renews the lease.</summary>
    /// <exception cref="ErasureLeaseLostException">Another runner holds the job now.</exception>
    public async Task AdvanceAsync(ErasureJobRun job, string owner, string nextStep, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            update erasure_jobs set step = $3, receipt = $4::jsonb, marked_at_ms = $5, pseudonym = $6, waiting = null, lease_until = now() + $7
            where id = $1 and lease_owner = $2
            """);
        AddJobParameters(command, job, owner);
        command.Parameters.Add(new NpgsqlParameter { Value = nextStep });
        command.Parameters.Add(new NpgsqlParameter { Value = job.Receipt.ToJson() });
        command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = job.MarkedAtMs, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = job.Pseudonym, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = lease, NpgsqlDbType = NpgsqlDbType.Interval });
        await ExpectHeldAsync(command, job, cancellationToken);
        job.Step = nextStep;
    }

    /// <summary>Says what the running step waits for, and renews the lease.</summary>
    /// <exception cref="ErasureLeaseLostException">Another runner holds the job now.</exception>
    public async Task WaitingAsync(ErasureJobRun job, string owner, string waiting, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("update erasure_jobs set waiting = $3, lease_until = now() + $4 where id = $1 and lease_owner = $2");
        AddJobParameters(command, job, owner);
        command.Parameters.Add(new NpgsqlParameter { Value = waiting });
        command.Parameters.Add(new NpgsqlParameter { Value = lease, NpgsqlDbType = NpgsqlDbType.Interval });
        await ExpectHeldAsync(command, job, cancellationToken);
    }

    /// <summary>Completes the job and puts its receipt in the audit log, in one transaction.</summary>
    public async Task CompleteAsync(ErasureJobRun job, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var complete = new NpgsqlCommand($"""
            update erasure_jobs set state = '{ErasureStates.Completed}', step = null, waiting = null, last_error = null,
                receipt = $3::jsonb, finished_at = now(), lease_owner = null, lease_until = null
            where id = $1 and lease_owner = $2
            """, connection, transaction))
        {
            AddJobParameters(complete, job, owner);
            complete.Parameters.Add(new NpgsqlParameter { Value = job.Receipt.ToJson() });
            await ExpectHeldAsync(complete, job, cancellationToken);
        }
        await using (var audit = new NpgsqlCommand("insert into audit_log (actor, action, target, detail, source) values ($1, $2, $3, $4, $5)", connection, transaction))
        {
            audit.Parameters.Add(new NpgsqlParameter { Value = job.RequestedBy });
            audit.Parameters.Add(new NpgsqlParameter { Value = job.Mode == ErasureModes.Erase ? AuditActions.UserErased : AuditActions.UserAnonymised });
            audit.Parameters.Add(new NpgsqlParameter { Value = $"user:{job.UserId}" });
            audit.Parameters.Add(new NpgsqlParameter { Value = $"job {job.Id}: {job.Receipt.ToJson()}" });
            audit.Parameters.Add(new NpgsqlParameter { Value = $"ingestor {owner}" });
            await audit.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Lets the job go after a failure, to be taken up again (by any runner) after <paramref name="retryDelay"/>.</summary>
    public async Task FailAsync(ErasureJobRun job, string owner, string error, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            update erasure_jobs set last_error = left($3, 2000), waiting = null, lease_owner = null, lease_until = now() + $4
            where id = $1 and lease_owner = $2
            """);
        AddJobParameters(command, job, owner);
        command.Parameters.Add(new NpgsqlParameter { Value = error });
        command.Parameters.Add(new NpgsqlParameter { Value = retryDelay, NpgsqlDbType = NpgsqlDbType.Interval });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The pseudonym an earlier job gave the user, so anonymising again never gives a second one.</summary>
    public async Task<long?> EarlierPseudonymAsync(long userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select pseudonym from erasure_jobs where user_id = $1 and pseudonym is not null order by id limit 1");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        return await command.ExecuteScalarAsync(cancellationToken) is long pseudonym ? pseudonym : null;
    }

    private static void AddJobParameters(NpgsqlCommand command, ErasureJobRun job, string owner)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = job.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
    }

    private static async Task ExpectHeldAsync(NpgsqlCommand command, ErasureJobRun job, CancellationToken cancellationToken)
    {
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new ErasureLeaseLostException(job.Id);
        }
    }
}

/// <summary>The runner's lease ran out and another runner took the job over: this one stops.</summary>
public sealed class ErasureLeaseLostException(long jobId)
    : Exception($"Erasure job {jobId} is held by another runner now (this runner's lease ran out).");

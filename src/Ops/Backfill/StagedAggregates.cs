using Npgsql;
using NpgsqlTypes;

namespace Pulse.Ops.Backfill;

/// <summary>What one replacement changed, row by row.</summary>
public sealed record ReplacementSummary(
    long PostDaysDeleted, long PostDaysWritten, long PostTotalsWritten, long PostTotalsDeleted,
    long UserDaysDeleted, long UserDaysWritten, long UserHoursDeleted, long UserHoursWritten, long EventIdsRecorded);

/// <summary>
/// The PostgreSQL half of the aggregates backfill, on one connection of its own: the event log's
/// counts and ids are streamed into session-local staging tables with binary COPY (no transaction
/// open meanwhile, however long the event log takes), then <see cref="ReplaceAsync"/> swaps the day
/// range's rows for them in one transaction, so readers see the old aggregates or the new, never a mix.
/// </summary>
public sealed class StagedAggregates : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;

    private StagedAggregates(NpgsqlConnection connection) => this.connection = connection;

    public static async Task<StagedAggregates> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(ReplacementSql.CreateStaging, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new StagedAggregates(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stages counts per (post, day, type); returns how many rows.</summary>
    public Task<long> StagePostEventsAsync(IAsyncEnumerable<DailyEventCount> counts, IProgress<long>? progress, CancellationToken cancellationToken) =>
        CopyAsync(ReplacementSql.CopyPostEvents, counts, WriteCountAsync, progress, cancellationToken);

    /// <summary>Stages counts per (user, day, type); returns how many rows.</summary>
    public Task<long> StageUserEventsAsync(IAsyncEnumerable<DailyEventCount> counts, IProgress<long>? progress, CancellationToken cancellationToken) =>
        CopyAsync(ReplacementSql.CopyUserEvents, counts, WriteCountAsync, progress, cancellationToken);

    /// <summary>Stages the likes and unlikes that changed something; returns how many rows.</summary>
    public Task<long> StageUserHoursAsync(IAsyncEnumerable<HourlyEventCount> hours, IProgress<long>? progress, CancellationToken cancellationToken) =>
        CopyAsync(ReplacementSql.CopyUserHours, hours, async (importer, hour, ct) =>
        {
            await importer.WriteAsync(hour.UserId, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(hour.Hour, NpgsqlDbType.TimestampTz, ct);
            await importer.WriteAsync(hour.Events, NpgsqlDbType.Bigint, ct);
        }, progress, cancellationToken);

    public Task<long> StageLikeChangesAsync(IAsyncEnumerable<LikeChange> changes, IProgress<long>? progress, CancellationToken cancellationToken) =>
        CopyAsync(ReplacementSql.CopyLikeChanges, changes, async (importer, change, ct) =>
        {
            await importer.WriteAsync(change.PostId, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(change.UserId, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(change.Day, NpgsqlDbType.Date, ct);
            await importer.WriteAsync(change.Type, NpgsqlDbType.Text, ct);
            await importer.WriteAsync(change.First, NpgsqlDbType.Boolean, ct);
            await importer.WriteAsync(change.Events, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(change.LastAt, NpgsqlDbType.TimestampTz, ct);
        }, progress, cancellationToken);

    /// <summary>Stages the follow events per (user, target, day); returns how many rows.</summary>
    public Task<long> StageFollowsAsync(IAsyncEnumerable<DailyFollowCount> follows, IProgress<long>? progress, CancellationToken cancellationToken) =>
        CopyAsync(ReplacementSql.CopyFollows, follows, async (importer, follow, ct) =>
        {
            await importer.WriteAsync(follow.UserId, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(follow.TargetUserId, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(follow.Day, NpgsqlDbType.Date, ct);
            await importer.WriteAsync(follow.Events, NpgsqlDbType.Bigint, ct);
            await importer.WriteAsync(follow.LastAt, NpgsqlDbType.TimestampTz, ct);
        }, progress, cancellationToken);

    /// <summary>Stages the ids to record in <c>ingested_events</c>; returns how many.</summary>
    public Task<long> StageEventIdsAsync(IAsyncEnumerable<Guid> ids, IProgress<long>? progress, CancellationToken cancellationToken) =>
        CopyAsync(ReplacementSql.CopyEventIds, ids, (importer, id, ct) => importer.WriteAsync(id, NpgsqlDbType.Uuid, ct), progress, cancellationToken);

    /// <summary>
    /// In one transaction: find the likes and unlikes that changed something and bring
    /// <c>post_likes</c> to the log's last word, delete the range's <c>post_daily_stats</c>,
    /// <c>user_daily_activity</c> and <c>user_hourly_activity</c>, insert the staged counts in their place, recompute the touched
    /// posts' <c>post_stats</c>, and record the staged ids in <c>ingested_events</c>. One round trip (a batch of statements).
    /// </summary>
    public async Task<ReplacementSummary> ReplaceAsync(DayRange range, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // No time limit: a long range takes as long as it takes, and Ctrl+C cancels it on the server.
        await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = 0 };
        string[] statements =
        [
            ReplacementSql.TakeTurns,
            ReplacementSql.FindEffectiveLikes,
            ReplacementSql.SyncPostLikes,
            ReplacementSql.RememberTouchedPosts,
            ReplacementSql.DeletePostDays,
            ReplacementSql.InsertPostDays,
            ReplacementSql.UpsertPostTotals,
            ReplacementSql.DeleteEmptiedPostTotals,
            ReplacementSql.DeleteUserDays,
            ReplacementSql.FindCountedFollows,
            ReplacementSql.InsertUserDays,
            ReplacementSql.MarkFollowsCounted,
            ReplacementSql.DeleteUserHours,
            ReplacementSql.InsertUserHours,
            ReplacementSql.RecordEventIds,
        ];
        foreach (var sql in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            if (sql.Contains("@from", StringComparison.Ordinal))
            {
                command.Parameters.Add(new NpgsqlParameter<DateOnly>("from", range.From));
                command.Parameters.Add(new NpgsqlParameter<DateOnly>("to", range.To));
            }
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
        // Past this point the run finishes: a cancellation cannot leave it unclear whether the commit happened.
        await transaction.CommitAsync(CancellationToken.None);

        long Affected(string sql) => batch.BatchCommands[Array.IndexOf(statements, sql)].RecordsAffected;
        return new ReplacementSummary(
            PostDaysDeleted: Affected(ReplacementSql.DeletePostDays),
            PostDaysWritten: Affected(ReplacementSql.InsertPostDays),
            PostTotalsWritten: Affected(ReplacementSql.UpsertPostTotals),
            PostTotalsDeleted: Affected(ReplacementSql.DeleteEmptiedPostTotals),
            UserDaysDeleted: Affected(ReplacementSql.DeleteUserDays),
            UserDaysWritten: Affected(ReplacementSql.InsertUserDays),
            UserHoursDeleted: Affected(ReplacementSql.DeleteUserHours),
            UserHoursWritten: Affected(ReplacementSql.InsertUserHours),
            EventIdsRecorded: Affected(ReplacementSql.RecordEventIds));
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private static async Task WriteCountAsync(NpgsqlBinaryImporter importer, DailyEventCount count, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(count.Key, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(count.Day, NpgsqlDbType.Date, cancellationToken);
        await importer.WriteAsync(count.Type, NpgsqlDbType.Text, cancellationToken);
        await importer.WriteAsync(count.Events, NpgsqlDbType.Bigint, cancellationToken);
    }

    /// <summary>Streams <paramref name="rows"/> into a staging table with one binary COPY; returns how many.</summary>
    private async Task<long> CopyAsync<T>(
        string copy, IAsyncEnumerable<T> rows, Func<NpgsqlBinaryImporter, T, CancellationToken, Task> writeRow,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await importer.StartRowAsync(cancellationToken);
            await writeRow(importer, row, cancellationToken);
            Report(progress, ++count);
        }
        await importer.CompleteAsync(cancellationToken);
        progress?.Report(count);
        return count;
    }

    /// <summary>Every 10,000 rows: often enough to watch, rarely enough to cost nothing.</summary>
    private static void Report(IProgress<long>? progress, long rows)
    {
        if (rows % 10_000 == 0)
        {
            progress?.Report(rows);
        }
    }
}

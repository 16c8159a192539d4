using Npgsql;
using Pulse.Contracts.Privacy;
using Pulse.Contracts.Security;

namespace Pulse.Ingestor.Erasure;

/// <summary>
/// Takes a user out of PostgreSQL in one transaction, table by table so the receipt says what each
/// lost. Erasing deletes the account with everything keyed by it: their posts with every figure of
/// those posts, their follows both ways (the triggers count each as the other person's loss today),
/// their likes and views as rows, and their daily and hourly activity; what they did to other
/// people's posts stays in those posts' totals, as it does for any deleted account. Anonymising
/// moves every row to a placeholder account whose id is the pseudonym and which nobody can sign in
/// to, so every figure stays as it was; the account itself goes.
/// </summary>
public sealed class PostgresErasure(NpgsqlDataSource dataSource)
{
    private const string OwnPosts = "(select id from posts where author_id = $1)";

    /// <summary>What erasing deletes, by table; $1 is the user.</summary>
    public static readonly IReadOnlyList<(string Table, string Sql)> EraseStatements =
    [
        ("post_likes", $"delete from post_likes where user_id = $1 or post_id in {OwnPosts}"),
        ("post_viewers", $"delete from post_viewers where user_id = $1 or post_id in {OwnPosts}"),
        ("post_daily_stats", $"delete from post_daily_stats where post_id in {OwnPosts}"),
        ("post_stats", $"delete from post_stats where post_id in {OwnPosts}"),
        ("posts", "delete from posts where author_id = $1"),
        ("follows", "delete from follows where follower_id = $1 or followee_id = $1"),
        ("user_daily_activity", "delete from user_daily_activity where user_id = $1"),
        ("user_hourly_activity", "delete from user_hourly_activity where user_id = $1"),
        ("user_follower_days", "delete from user_follower_days where user_id = $1"),
        ("user_follow_counts", "delete from user_follow_counts where user_id = $1"),
        ("users", "delete from users where id = $1"),
    ];

    /// <summary>
    /// What anonymising moves to the pseudonym ($2), by table; the placeholder first, the account last.
    /// The placeholder's handle has a hyphen, which no person's may (the users table allows it only on
    /// negative ids), so it never collides with a handle someone chose.
    /// </summary>
    public static readonly IReadOnlyList<(string Table, string Sql)> AnonymiseStatements =
    [
        ("pseudonym_users", $"""
            insert into users (id, handle, display_name, email, country, password_hash, role, created_at)
            select $2, 'anon-' || to_hex($2), 'Anonymous', 'anon-' || to_hex($2) || '@anonymous.invalid', country, '', '{Roles.Member}', created_at
            from users where id = $1
            on conflict (id) do nothing
            """),
        ("posts", "update posts set author_id = $2 where author_id = $1"),
        ("post_daily_stats", "update post_daily_stats set author_id = $2 where author_id = $1"),
        ("follows", """
            update follows set
                follower_id = case when follower_id = $1 then $2 else follower_id end,
                followee_id = case when followee_id = $1 then $2 else followee_id end
            where follower_id = $1 or followee_id = $1
            """),
        ("post_likes", "update post_likes set user_id = $2 where user_id = $1"),
        ("post_viewers", "update post_viewers set user_id = $2 where user_id = $1"),
        ("user_daily_activity", "update user_daily_activity set user_id = $2 where user_id = $1"),
        ("user_hourly_activity", "update user_hourly_activity set user_id = $2 where user_id = $1"),
        ("user_follower_days", "update user_follower_days set user_id = $2 where user_id = $1"),
        ("user_follow_counts", "update user_follow_counts set user_id = $2 where user_id = $1"),
        ("users", "delete from users where id = $1"),
    ];

    public async Task RunAsync(ErasureJobRun job, CancellationToken cancellationToken)
    {
        var statements = job.Mode == ErasureModes.Erase ? EraseStatements : AnonymiseStatements;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The account first, so a follow or a post made for them meanwhile waits and then finds them gone.
        await using (var lockUser = new NpgsqlCommand("select 1 from users where id = $1 for update", connection, transaction))
        {
            lockUser.Parameters.Add(new NpgsqlParameter { Value = job.UserId });
            await lockUser.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (_, sql) in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = job.UserId });
            if (job.Mode == ErasureModes.Anonymise)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = job.Pseudonym ?? throw new InvalidOperationException($"Erasure job {job.Id} anonymises without a pseudonym.") });
            }
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
        var counts = statements.Select((statement, i) => (statement.Table, Count: batch.BatchCommands[i].RecordsAffected)).ToList();
        await transaction.CommitAsync(cancellationToken);
        foreach (var (table, count) in counts)
        {
            job.Receipt.Add(ErasureStores.PostgreSql, table, count);
        }
    }
}

using Npgsql;
using NpgsqlTypes;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Data;

/// <summary>user_follow_counts stays equal to what counting follows would give, whoever writes.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class FollowCountTests(PostgresServer server) : IAsyncLifetime
{
    private NpgsqlDataSource dataSource = null!;

    public async ValueTask InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(await MigratedDatabase.CreateAsync(server, "follow_counts"));
        await ExecuteAsync("""
            insert into users (handle, display_name, email, country, password_hash)
            select 'user' || i, 'User', 'user' || i || '@example.com', 'US', 'x' from generate_series(1, 5) i;
            """);
    }

    [Fact]
    public async Task Inserts_in_one_statement_count_every_follow_once()
    {
        await ExecuteAsync("insert into follows (follower_id, followee_id) values (1, 2), (3, 2), (4, 2), (2, 1)");

        await AssertCountsMatchFollowsAsync();
        Assert.Equal((3L, 1L), await CountsAsync(2));
    }

    [Fact]
    public async Task A_repeated_follow_that_conflicts_counts_nothing()
    {
        await ExecuteAsync("insert into follows (follower_id, followee_id) values (1, 2)");
        await ExecuteAsync("insert into follows (follower_id, followee_id) values (1, 2), (3, 2) on conflict do nothing");

        Assert.Equal((2L, 0L), await CountsAsync(2));
        await AssertCountsMatchFollowsAsync();
    }

    [Fact]
    public async Task Unfollows_and_deleted_users_are_subtracted()
    {
        await ExecuteAsync("insert into follows (follower_id, followee_id) values (1, 2), (3, 2), (4, 2), (2, 4), (5, 4)");

        await ExecuteAsync("delete from follows where follower_id = 1 and followee_id = 2");
        await ExecuteAsync("delete from users where id = 3");

        Assert.Equal((1L, 1L), await CountsAsync(2));
        await AssertCountsMatchFollowsAsync();
    }

    [Fact]
    public async Task A_binary_copy_is_counted_like_any_insert()
    {
        await using (var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken))
        await using (var importer = await connection.BeginBinaryImportAsync("copy follows (follower_id, followee_id) from stdin (format binary)", TestContext.Current.CancellationToken))
        {
            foreach (var (follower, followee) in new[] { (1L, 5L), (2L, 5L), (3L, 5L), (5L, 1L) })
            {
                await importer.StartRowAsync(TestContext.Current.CancellationToken);
                await importer.WriteAsync(follower, NpgsqlDbType.Bigint, TestContext.Current.CancellationToken);
                await importer.WriteAsync(followee, NpgsqlDbType.Bigint, TestContext.Current.CancellationToken);
            }
            await importer.CompleteAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal((3L, 1L), await CountsAsync(5));
        await AssertCountsMatchFollowsAsync();
    }

    private async Task<(long Followers, long Following)> CountsAsync(long userId)
    {
        await using var command = dataSource.CreateCommand($"select followers, following from user_follow_counts where user_id = {userId}");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken), $"user {userId} has no counts row");
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Every user's counts equal a fresh count of follows (users without follows count zero or have no row).</summary>
    private async Task AssertCountsMatchFollowsAsync()
    {
        await using var command = dataSource.CreateCommand("""
            select count(*) from users u
            left join user_follow_counts c on c.user_id = u.id
            where coalesce(c.followers, 0) <> (select count(*) from follows f where f.followee_id = u.id)
               or coalesce(c.following, 0) <> (select count(*) from follows f where f.follower_id = u.id)
            """);
        Assert.Equal(0L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await dataSource.DisposeAsync();
}

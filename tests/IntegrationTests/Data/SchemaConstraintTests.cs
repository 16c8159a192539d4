using Npgsql;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Data;

/// <summary>What the database itself refuses, whatever code writes to it.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class SchemaConstraintTests(PostgresServer server) : IAsyncLifetime
{
    private NpgsqlDataSource dataSource = null!;

    public async ValueTask InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(await MigratedDatabase.CreateAsync(server, "constraints"));
        await ExecuteAsync("""
            insert into users (handle, display_name, email, country, password_hash) values
              ('ada', 'Ada', 'ada@example.com', 'GB', 'x'),
              ('linus', 'Linus', 'linus@example.com', 'FI', 'x');
            insert into posts (author_id, content, tags) values (1, 'hello', '{intro}');
            """);
    }

    [Theory]
    [InlineData("insert into users (handle, display_name, email, country, password_hash) values ('ada', 'Other', 'other@example.com', 'US', 'x')", PostgresErrorCodes.UniqueViolation, "ix_users_handle")]
    [InlineData("insert into users (handle, display_name, email, country, password_hash) values ('other', 'Other', 'ada@example.com', 'US', 'x')", PostgresErrorCodes.UniqueViolation, "ix_users_email")]
    [InlineData("insert into users (handle, display_name, email, country, password_hash) values ('Bad Handle', 'B', 'b@example.com', 'US', 'x')", PostgresErrorCodes.CheckViolation, "ck_users_handle_format")]
    [InlineData("insert into users (handle, display_name, email, country, password_hash) values ('bob', 'B', 'b@example.com', 'usa', 'x')", PostgresErrorCodes.StringDataRightTruncation, null)]
    [InlineData("insert into users (handle, display_name, email, country, password_hash) values ('bob', 'B', 'B@Example.com', 'US', 'x')", PostgresErrorCodes.CheckViolation, "ck_users_email_lower")]
    [InlineData("insert into follows (follower_id, followee_id) values (1, 1)", PostgresErrorCodes.CheckViolation, "ck_follows_not_self")]
    [InlineData("insert into follows (follower_id, followee_id) values (1, 99)", PostgresErrorCodes.ForeignKeyViolation, "fk_follows_users_followee_id")]
    [InlineData("insert into posts (author_id, content, tags) values (99, 'orphan', '{}')", PostgresErrorCodes.ForeignKeyViolation, "fk_posts_users_author_id")]
    [InlineData("insert into posts (author_id, content, tags) values (1, '', '{}')", PostgresErrorCodes.CheckViolation, "ck_posts_content_length")]
    [InlineData("insert into post_stats (post_id, views, likes, comments, shares) values (1, 0, -1, 0, 0)", PostgresErrorCodes.CheckViolation, "ck_post_stats_likes_non_negative")]
    [InlineData("insert into post_daily_stats (post_id, author_id, day, views, likes, comments, shares) values (1, 1, '2026-11-01', -5, 0, 0, 0)", PostgresErrorCodes.CheckViolation, "ck_post_daily_stats_views_non_negative")]
    [InlineData("insert into user_daily_activity (user_id, day, events, post_views, likes, comments, shares, follows, sessions) values (1, '2026-11-01', 1, 0, 0, 0, 0, 0, -1)", PostgresErrorCodes.CheckViolation, "ck_user_daily_activity_sessions_non_negative")]
    [InlineData("insert into api_keys (name, secret_hash, scope) values ('k', decode(repeat('ab', 32), 'hex'), 'root')", PostgresErrorCodes.CheckViolation, "ck_api_keys_scope")]
    [InlineData("insert into api_keys (name, secret_hash, scope) values ('k', decode('abcd', 'hex'), 'admin')", PostgresErrorCodes.CheckViolation, "ck_api_keys_hash_length")]
    public async Task Refuses(string sql, string sqlState, string? constraint)
    {
        var exception = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(sql));

        Assert.Equal(sqlState, exception.SqlState);
        Assert.Equal(constraint, exception.ConstraintName);
    }

    [Fact]
    public async Task Deleting_a_user_removes_their_posts_follows_and_stats()
    {
        await ExecuteAsync("""
            insert into follows (follower_id, followee_id) values (2, 1);
            insert into post_stats (post_id, views, likes, comments, shares) values (1, 10, 1, 0, 0);
            delete from users where id = 1;
            """);

        await using var command = dataSource.CreateCommand("select (select count(*) from posts) + (select count(*) from follows) + (select count(*) from post_stats)");
        Assert.Equal(0L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await dataSource.DisposeAsync();
}

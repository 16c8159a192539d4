using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Data;

[Collection(nameof(PostgresGroup))]
public sealed class MigrationTests(PostgresServer server)
{
    private static readonly string[] Tables =
        ["api_keys", "audit_log", "erasure_jobs", "follows", "ingested_events", "post_daily_stats", "post_likes", "post_stats", "post_viewers", "posts", "seed_runs", "user_daily_activity", "user_follow_counts", "user_follower_days", "user_hourly_activity", "users"];

    [Fact]
    public async Task Migrating_an_empty_database_creates_every_table()
    {
        var connectionString = await server.CreateDatabaseAsync("migrate_empty");
        await using var context = MigratedDatabase.Context(connectionString);

        await context.Database.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Empty(await context.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Tables, await PublicTablesAsync(connectionString));
    }

    [Fact]
    public async Task Migrating_twice_changes_nothing()
    {
        var connectionString = await MigratedDatabase.CreateAsync(server, "migrate_twice");
        var before = await SchemaFingerprintAsync(connectionString);

        await using (var context = MigratedDatabase.Context(connectionString))
        {
            await context.Database.MigrateAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(before, await SchemaFingerprintAsync(connectionString));
    }

    [Fact]
    public async Task Follows_made_before_follower_growth_was_recorded_count_as_gained_on_their_days()
    {
        var connectionString = await server.CreateDatabaseAsync("migrate_follower_days");
        await using (var context = MigratedDatabase.Context(connectionString))
        {
            var migrator = context.GetService<IMigrator>();
            await migrator.MigrateAsync("FollowCountedAt", TestContext.Current.CancellationToken);
            await context.Database.ExecuteSqlRawAsync("""
                insert into users (id, handle, display_name, email, country, password_hash) overriding system value values
                  (1, 'ada', 'Ada', 'ada@example.com', 'GB', 'x'), (2, 'bob', 'Bob', 'bob@example.com', 'US', 'x'), (3, 'cyrus', 'Cyrus', 'cyrus@example.com', 'CA', 'x');
                insert into follows (follower_id, followee_id, created_at) values
                  (1, 2, '2026-11-10 23:59Z'), (3, 2, '2026-11-10 01:00Z'), (2, 1, '2026-11-12 00:00Z');
                """, TestContext.Current.CancellationToken);

            await migrator.MigrateAsync(cancellationToken: TestContext.Current.CancellationToken);
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("select user_id, day, gained, lost from user_follower_days order by user_id, day");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var days = new List<(long, DateOnly, long, long)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            days.Add((reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
        Assert.Equal([(1L, new DateOnly(2026, 11, 12), 1L, 0L), (2L, new DateOnly(2026, 11, 10), 2L, 0L)], days);
    }

    [Fact]
    public async Task Posts_made_before_followers_at_publishing_was_kept_count_the_follows_made_before_them()
    {
        var connectionString = await server.CreateDatabaseAsync("migrate_followers_at_publish");
        await using (var context = MigratedDatabase.Context(connectionString))
        {
            var migrator = context.GetService<IMigrator>();
            await migrator.MigrateAsync("ReachAndHourlyActivity", TestContext.Current.CancellationToken);
            await context.Database.ExecuteSqlRawAsync("""
                insert into users (id, handle, display_name, email, country, password_hash) overriding system value values
                  (1, 'ada', 'Ada', 'ada@example.com', 'GB', 'x'), (2, 'bob', 'Bob', 'bob@example.com', 'US', 'x'), (3, 'cyrus', 'Cyrus', 'cyrus@example.com', 'CA', 'x');
                insert into follows (follower_id, followee_id, created_at) values
                  (1, 2, '2026-11-10 09:00Z'), (3, 2, '2026-11-12 09:00Z'), (2, 1, '2026-11-12 00:00Z');
                insert into posts (id, author_id, content, tags, created_at) overriding system value values
                  (10, 2, 'before any', array[]::text[], '2026-11-10 08:59Z'), (11, 2, 'at the first', array[]::text[], '2026-11-10 09:00Z'),
                  (12, 2, 'after both', array[]::text[], '2026-11-13 00:00Z'), (20, 3, 'nobody follows', array[]::text[], '2026-11-13 00:00Z');
                """, TestContext.Current.CancellationToken);

            await migrator.MigrateAsync(cancellationToken: TestContext.Current.CancellationToken);
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("select id, followers_at_publish from posts order by id");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var posts = new List<(long, long)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            posts.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }
        Assert.Equal([(10L, 0L), (11L, 1L), (12L, 2L), (20L, 0L)], posts);
    }

    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_migrations()
    {
        await using var context = MigratedDatabase.Context(server.AdminConnectionString);

        Assert.False(context.Database.HasPendingModelChanges(), "the model changed without a migration: dotnet ef migrations add <Name>");
    }

    private static async Task<string[]> PublicTablesAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(
            "select table_name from information_schema.tables where table_schema = 'public' and table_name <> '__EFMigrationsHistory' order by 1");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var tables = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            tables.Add(reader.GetString(0));
        }
        return [.. tables];
    }

    /// <summary>Columns, constraints, indexes and applied migrations, as one comparable text.</summary>
    private static async Task<string> SchemaFingerprintAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("""
            select string_agg(line, E'\n' order by line) from (
              select format('col %s.%s %s', table_name, column_name, data_type) as line from information_schema.columns where table_schema = 'public'
              union all select format('con %s %s', conname, pg_get_constraintdef(oid)) from pg_constraint where connamespace = 'public'::regnamespace
              union all select format('idx %s', indexdef) from pg_indexes where schemaname = 'public'
              union all select format('mig %s', migration_id) from "__EFMigrationsHistory") lines
            """);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}

using Npgsql;
using Pulse.Data;
using Pulse.Data.Seeding;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Data.Seeding;

[Collection(nameof(PostgresGroup))]
public sealed class SeedLoaderTests(PostgresServer server)
{
    private static readonly DateTimeOffset Anchor = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SeedRequest SmallWithActivity = new(SeedScale.Small, ActivityDays: 7);

    [Fact]
    public async Task Loads_small_with_exactly_the_generated_row_counts()
    {
        var connectionString = await MigratedDatabase.CreateAsync(server, "seed_counts");
        var expected = SeedGenerator.Generate(SmallWithActivity, Anchor);
        var progress = new RecordedProgress();

        var summary = await LoadAsync(connectionString, SmallWithActivity, progress);

        Assert.Equal(SeedOutcome.Loaded, summary.Outcome);
        var counts = await CountsAsync(connectionString);
        Assert.Equal(expected.Users.Count, counts["users"]);
        Assert.Equal(expected.Posts.Count, counts["posts"]);
        Assert.Equal(expected.Follows.Count, counts["follows"]);
        Assert.Equal(expected.PostDays.Count, counts["post_daily_stats"]);
        Assert.Equal(expected.PostTotals.Count, counts["post_stats"]);
        Assert.Equal(expected.UserDays.Count, counts["user_daily_activity"]);
        Assert.Equal(1, counts["seed_runs"]);
        Assert.NotEqual(0, counts["post_daily_stats"]);
        Assert.Equal(expected.Users.Count, summary.RowsIn("users"));
        Assert.Equal(expected.Follows.Count, summary.RowsIn("follows"));
        foreach (var table in new[] { "users", "posts", "follows", "post_daily_stats", "post_stats", "user_daily_activity" })
        {
            Assert.Contains(progress.Reports, report => report.Phase == table && report.Done == report.Total && report.Total > 0);
        }
        TestContext.Current.SendDiagnosticMessage(summary.ToTable());
    }

    [Fact]
    public async Task Loaded_rows_are_the_generated_ones_and_post_stats_total_the_daily_rows()
    {
        var connectionString = await MigratedDatabase.CreateAsync(server, "seed_content");
        var expected = SeedGenerator.Generate(SmallWithActivity, Anchor);

        await LoadAsync(connectionString, SmallWithActivity);

        var first = expected.Users[0];
        Assert.Equal($"{first.Handle} {first.Email} {first.Country} {first.CreatedAt:O}", await ScalarAsync<string>(connectionString,
            "select handle || ' ' || email || ' ' || country || ' ' || to_char(created_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US0\"+00:00\"') from users order by id limit 1"));
        Assert.Equal(SeedPassword.Hash, await ScalarAsync<string>(connectionString, "select min(password_hash) from users"));
        Assert.Equal(0L, await ScalarAsync<long>(connectionString, """
            select count(*) from post_stats s
            join (select post_id, sum(views) v, sum(likes) l, sum(comments) c, sum(shares) sh from post_daily_stats group by post_id) d using (post_id)
            where (s.views, s.likes, s.comments, s.shares) <> (d.v, d.l, d.c, d.sh)
            """));
        Assert.Equal(0L, await ScalarAsync<long>(connectionString,
            "select count(*) from post_daily_stats d where not exists (select 1 from post_stats s where s.post_id = d.post_id)"));
    }

    [Fact]
    public async Task Loading_the_same_scale_twice_changes_nothing()
    {
        var connectionString = await MigratedDatabase.CreateAsync(server, "seed_twice");
        await LoadAsync(connectionString, SmallWithActivity);
        var before = await FingerprintAsync(connectionString);

        var again = await LoadAsync(connectionString, SmallWithActivity);

        Assert.Equal(SeedOutcome.AlreadyLoaded, again.Outcome);
        Assert.Contains("'small' seed was loaded", again.Message, StringComparison.Ordinal);
        Assert.Equal(before, await FingerprintAsync(connectionString));
    }

    [Fact]
    public async Task Two_seeders_at_once_load_the_seed_once()
    {
        var connectionString = await MigratedDatabase.CreateAsync(server, "seed_concurrent");

        var outcomes = await Task.WhenAll(LoadAsync(connectionString, SmallWithActivity), LoadAsync(connectionString, SmallWithActivity));

        Assert.Equivalent(new[] { SeedOutcome.Loaded, SeedOutcome.AlreadyLoaded }, outcomes.Select(summary => summary.Outcome));
        Assert.Equal(SeedScale.Small.Users, (await CountsAsync(connectionString))["users"]);
    }

    [Fact]
    public async Task Rows_created_through_the_api_before_and_after_never_collide_with_seeded_ones()
    {
        var connectionString = await MigratedDatabase.CreateAsync(server, "seed_existing");
        var existingId = await ScalarAsync<long>(connectionString,
            "insert into users (handle, display_name, email, country, password_hash) values ('early_bird', 'Early Bird', 'early@example.com', 'GB', 'x') returning id");
        var existingPost = await ScalarAsync<long>(connectionString,
            $"insert into posts (author_id, content, tags) values ({existingId}, 'first!', '{{}}') returning id");

        await LoadAsync(connectionString, SeedRequestFor(SeedScale.Small));

        Assert.Equal(SeedScale.Small.Users + 1, (await CountsAsync(connectionString))["users"]);
        Assert.Equal("early_bird", await ScalarAsync<string>(connectionString, $"select handle from users where id = {existingId}"));
        Assert.Equal(existingId, await ScalarAsync<long>(connectionString, "select min(id) from users"));
        Assert.Equal(existingPost, await ScalarAsync<long>(connectionString, "select min(id) from posts"));
        var maxUser = await ScalarAsync<long>(connectionString, "select max(id) from users");
        var maxPost = await ScalarAsync<long>(connectionString, "select max(id) from posts");
        var lateId = await ScalarAsync<long>(connectionString,
            "insert into users (handle, display_name, email, country, password_hash) values ('late_comer', 'Late Comer', 'late@example.com', 'US', 'x') returning id");
        var latePost = await ScalarAsync<long>(connectionString, $"insert into posts (author_id, content, tags) values ({lateId}, 'hello', '{{}}') returning id");
        Assert.True(lateId > maxUser, $"a user created after the seed got id {lateId}, not past the seeded {maxUser}");
        Assert.True(latePost > maxPost, $"a post created after the seed got id {latePost}, not past the seeded {maxPost}");
    }

    [Fact]
    public async Task Another_scale_on_top_of_a_loaded_one_is_refused_with_a_clear_message()
    {
        var connectionString = await MigratedDatabase.CreateAsync(server, "seed_conflict");
        await LoadAsync(connectionString, SeedRequestFor(SeedScale.Small));

        var refusal = await Assert.ThrowsAsync<SeedConflictException>(() => LoadAsync(connectionString, SeedRequestFor(SeedScale.Demo)));

        Assert.Contains("already holds the 'small'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("refusing to load 'demo'", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(SeedScale.Small.Users, (await CountsAsync(connectionString))["users"]);
    }

    private static SeedRequest SeedRequestFor(SeedScale scale) => new(scale);

    private static async Task<SeedLoadSummary> LoadAsync(string connectionString, SeedRequest request, IProgress<SeedProgress>? progress = null)
    {
        await using var db = MigratedDatabase.Context(connectionString);
        return await new SeedLoader(db, new FixedTime(Anchor)).LoadAsync(request, progress, TestContext.Current.CancellationToken);
    }

    private static async Task<Dictionary<string, long>> CountsAsync(string connectionString)
    {
        string[] tables = ["users", "posts", "follows", "post_daily_stats", "post_stats", "user_daily_activity", "seed_runs"];
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            counts[table] = await ScalarAsync<long>(connectionString, $"select count(*) from {table}");
        }
        return counts;
    }

    /// <summary>Every seeded table's row count and content hash, and where the id sequences stand.</summary>
    private static Task<string> FingerprintAsync(string connectionString) => ScalarAsync<string>(connectionString, """
        select concat_ws(' ',
          (select count(*) || ':' || md5(string_agg(u::text, ',' order by id)) from users u),
          (select count(*) || ':' || md5(string_agg(p::text, ',' order by id)) from posts p),
          (select count(*) || ':' || md5(string_agg(f::text, ',' order by follower_id, followee_id)) from follows f),
          (select count(*) || ':' || md5(string_agg(d::text, ',' order by post_id, day)) from post_daily_stats d),
          (select count(*) || ':' || md5(string_agg(s::text, ',' order by post_id)) from post_stats s),
          (select count(*) || ':' || md5(string_agg(a::text, ',' order by user_id, day)) from user_daily_activity a),
          (select string_agg(r.scale || r.completed_at, ',') from seed_runs r),
          pg_sequence_last_value(pg_get_serial_sequence('users', 'id')::regclass),
          pg_sequence_last_value(pg_get_serial_sequence('posts', 'id')::regclass))
        """);

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}

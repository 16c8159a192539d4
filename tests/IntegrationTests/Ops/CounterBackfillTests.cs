using Npgsql;
using Pulse.Contracts;
using Pulse.IntegrationTests.Data;
using Pulse.Ops.Backfill;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Ops;

/// <summary>The counters backfill against a real PostgreSQL and a real Redis: the counters become post_stats and the likers post_likes, whatever they held.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class CounterBackfillTests(PostgresServer postgres, RedisServer redis) : IClassFixture<RedisServer>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private IDatabase Redis => redis.Connection.GetDatabase();

    [Fact]
    public async Task Counters_equal_post_stats_after_a_run_with_stale_and_inflated_values_overwritten()
    {
        await redis.FlushAsync();
        await using var database = await CountersDatabase.CreateAsync(postgres, "ops_counters", posts: 2_500);
        var totals = await database.TotalsAsync();
        // Stale and inflated values, and a missing field, on some posts that have totals.
        foreach (var post in totals.Keys.Where(id => id % 7 == 0))
        {
            await Redis.HashSetAsync(Key(post), [new("views", 999_999), new("likes", 77)]);
        }
        await Redis.HashSetAsync(Key(totals.Keys.First()), [new("views", 1), new("likes", 1), new("comments", 1), new("shares", 1)]);

        var summary = await new CounterBackfill(database.DataSource, Redis, batchSize: 1_000).RunAsync(progress: null, Cancellation);

        Assert.Equal(totals.Count, summary.Posts);
        Assert.Equal(3, summary.Batches);
        Assert.Equal(totals, await CountersAsync(totals.Keys));
    }

    [Fact]
    public async Task A_second_run_writes_the_same_and_changes_nothing()
    {
        await redis.FlushAsync();
        // 2,250 posts with totals in pages of 250: every page full, so the run ends on an empty page.
        await using var database = await CountersDatabase.CreateAsync(postgres, "ops_counters_again", posts: 2_500);
        var totals = await database.TotalsAsync();
        var backfill = new CounterBackfill(database.DataSource, Redis, batchSize: 250);
        var reported = new List<long>();

        var first = await backfill.RunAsync(new SyncProgress<long>(reported.Add), Cancellation);
        var afterFirst = await DumpAsync();
        var second = await backfill.RunAsync(progress: null, Cancellation);

        Assert.Equal(2_250, totals.Count);
        Assert.Equal((2_250L, 9), (first.Posts, first.Batches));
        Assert.Equal((first.Posts, first.Batches), (second.Posts, second.Batches));
        Assert.Equal(Enumerable.Range(1, 9).Select(page => page * 250L), reported);
        Assert.Equal(afterFirst, await DumpAsync());
        Assert.Equal(totals, await CountersAsync(totals.Keys));
    }

    [Fact]
    public async Task Counters_of_posts_without_post_stats_and_fields_not_counted_are_left_alone()
    {
        await redis.FlushAsync();
        await using var database = await CountersDatabase.CreateAsync(postgres, "ops_counters_alone", posts: 50);
        var totals = await database.TotalsAsync();
        var withoutTotals = Enumerable.Range(1, 50).Select(id => (long)id).First(id => !totals.ContainsKey(id));
        var withTotals = totals.Keys.First();
        await Redis.HashSetAsync(Key(withoutTotals), [new("views", 12), new("likes", 3)]);
        await Redis.HashSetAsync(Key(withTotals), [new("views", 12), new("bookmarks", 4)]);

        await new CounterBackfill(database.DataSource, Redis, batchSize: 1_000).RunAsync(progress: null, Cancellation);

        Assert.Equal(new PostTotals(withoutTotals, 12, 3, 0, 0), await CounterAsync(withoutTotals));
        Assert.Equal(totals[withTotals], await CounterAsync(withTotals));
        Assert.Equal(4, (long)await Redis.HashGetAsync(Key(withTotals), "bookmarks"));
        Assert.Equal(totals.Count + 1, (await DumpAsync()).Keys.Count(IsCounters));
    }

    [Fact]
    public async Task Cancelling_stops_between_batches_and_leaves_the_written_ones_whole()
    {
        await redis.FlushAsync();
        await using var database = await CountersDatabase.CreateAsync(postgres, "ops_counters_cancel", posts: 2_500);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var backfill = new CounterBackfill(database.DataSource, Redis, batchSize: 1_000);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            backfill.RunAsync(new SyncProgress<long>(_ => cancellation.Cancel()), cancellation.Token));

        var written = (await DumpAsync()).Where(entry => IsCounters(entry.Key)).ToList();
        Assert.Equal(1_000, written.Count);
        Assert.All(written, entry => Assert.Matches("^comments=[0-9]+,likes=[0-9]+,shares=[0-9]+,views=[0-9]+$", entry.Value));
    }

    [Fact]
    public async Task Likers_become_post_likes_with_stale_likers_dropped_and_a_post_without_likers_emptied()
    {
        await redis.FlushAsync();
        await using var database = await CountersDatabase.CreateAsync(postgres, "ops_counters_likers", posts: 60);
        var likers = await database.LikersAsync();
        var liked = likers.Keys.First(post => likers[post].Count > 3);
        var notLiked = (await database.TotalsAsync()).Keys.First(post => !likers.ContainsKey(post));
        await Redis.SetAddAsync(LikersKey(liked), [1_000_001, 1_000_002]);
        await Redis.SetAddAsync(LikersKey(notLiked), [1_000_003]);

        await new CounterBackfill(database.DataSource, Redis, batchSize: 25).RunAsync(progress: null, Cancellation);

        foreach (var (post, users) in likers)
        {
            Assert.Equal(users, (await Redis.SetMembersAsync(LikersKey(post))).Select(user => (long)user).Order());
        }
        Assert.False(await Redis.KeyExistsAsync(LikersKey(notLiked)));
        Assert.True(likers.Count > 10, "the fixture has liked posts");
    }

    private static string Key(long postId) => RedisKeys.PostCounters(RedisKeys.DefaultPartition, postId);

    private static bool IsCounters(string key) => key.EndsWith(":counters", StringComparison.Ordinal);

    private static string LikersKey(long postId) => RedisKeys.PostLikers(RedisKeys.DefaultPartition, postId);

    private async Task<PostTotals> CounterAsync(long postId)
    {
        var fields = (await Redis.HashGetAllAsync(Key(postId))).ToDictionary(entry => (string)entry.Name!, entry => (long)entry.Value);
        return new PostTotals(postId, fields.GetValueOrDefault("views"), fields.GetValueOrDefault("likes"), fields.GetValueOrDefault("comments"), fields.GetValueOrDefault("shares"));
    }

    private async Task<Dictionary<long, PostTotals>> CountersAsync(IEnumerable<long> postIds)
    {
        var counters = new Dictionary<long, PostTotals>();
        foreach (var postId in postIds)
        {
            counters[postId] = await CounterAsync(postId);
        }
        return counters;
    }

    /// <summary>Every key with every field, to compare two states of the whole database.</summary>
    private async Task<SortedDictionary<string, string>> DumpAsync()
    {
        var dump = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var server = redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            if (await Redis.KeyTypeAsync(key) == RedisType.Set)
            {
                dump[key!] = string.Join(",", (await Redis.SetMembersAsync(key)).Select(member => (long)member).Order());
                continue;
            }
            var fields = await Redis.HashGetAllAsync(key);
            dump[key!] = string.Join(",", fields.OrderBy(field => (string)field.Name!, StringComparer.Ordinal).Select(field => $"{field.Name}={field.Value}"));
        }
        return dump;
    }
}

/// <summary>
/// A migrated database with posts 1..N, nine in ten of them with distinct post_stats totals, and
/// as many likers in post_likes as those totals give likes.
/// </summary>
internal sealed class CountersDatabase : IAsyncDisposable
{
    private CountersDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<CountersDatabase> CreateAsync(PostgresServer server, string purpose, int posts)
    {
        var database = new CountersDatabase(await MigratedDatabase.CreateAsync(server, purpose));
        await TestWorld.InsertAsync(database.DataSource, "ops", users: 40, posts, followsPerUser: 0, TestContext.Current.CancellationToken);
        await using var command = database.DataSource.CreateCommand("""
            insert into post_stats (post_id, views, likes, comments, shares)
            select id, id * 7 % 1000, id % 13, id % 5, id % 3 from posts where id % 10 <> 0;
            insert into post_likes (post_id, user_id, liked_at)
            select p.id, u.id, now()
            from posts p
            cross join lateral (select id from users order by id limit p.id % 13) u
            where p.id % 10 <> 0;
            """);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return database;
    }

    public async Task<Dictionary<long, PostTotals>> TotalsAsync()
    {
        var totals = new Dictionary<long, PostTotals>();
        await using var command = DataSource.CreateCommand("select post_id, views, likes, comments, shares from post_stats");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            totals[reader.GetInt64(0)] = new PostTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }
        return totals;
    }

    public async Task<Dictionary<long, List<long>>> LikersAsync()
    {
        var likers = new Dictionary<long, List<long>>();
        await using var command = DataSource.CreateCommand("select post_id, user_id from post_likes order by post_id, user_id");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var post = reader.GetInt64(0);
            if (!likers.TryGetValue(post, out var users))
            {
                likers[post] = users = [];
            }
            users.Add(reader.GetInt64(1));
        }
        return likers;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

using Npgsql;

namespace Pulse.IntegrationTests.Pipeline;

/// <summary>Every row of the three aggregate tables, in key order, so two snapshots compare whole.</summary>
public sealed record AggregateSnapshot(
    List<(long PostId, PostCounts Counts)> Posts,
    List<(long PostId, long AuthorId, DateOnly Day, PostCounts Counts)> PostDays,
    List<(long UserId, DateOnly Day, UserDayCounts Counts)> UserDays)
{
    public static async Task<AggregateSnapshot> ReadAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var posts = new List<(long, PostCounts)>();
        await foreach (var row in QueryAsync(database, "select post_id, views, likes, comments, shares from post_stats where views + likes + comments + shares > 0 order by post_id", cancellationToken))
        {
            posts.Add((row[0], new PostCounts(row[1], row[2], row[3], row[4])));
        }
        var postDays = new List<(long, long, DateOnly, PostCounts)>();
        await foreach (var row in QueryAsync(database, "select post_id, author_id, (day - date '2000-01-01')::bigint, views, likes, comments, shares from post_daily_stats order by post_id, day", cancellationToken))
        {
            postDays.Add((row[0], row[1], Day(row[2]), new PostCounts(row[3], row[4], row[5], row[6])));
        }
        var userDays = new List<(long, DateOnly, UserDayCounts)>();
        await foreach (var row in QueryAsync(database, "select user_id, (day - date '2000-01-01')::bigint, events, post_views, likes, comments, shares, follows, sessions from user_daily_activity order by user_id, day", cancellationToken))
        {
            userDays.Add((row[0], Day(row[1]), new UserDayCounts(row[2], row[3], row[4], row[5], row[6], row[7], row[8])));
        }
        return new AggregateSnapshot(posts, postDays, userDays);
    }

    /// <summary>The rows of these posts and users only: what one test's events made, where other tests share the database.</summary>
    public AggregateSnapshot Of(IReadOnlyCollection<long> posts, IReadOnlyCollection<long> users) => new(
        [.. Posts.Where(row => posts.Contains(row.PostId))],
        [.. PostDays.Where(row => posts.Contains(row.PostId))],
        [.. UserDays.Where(row => users.Contains(row.UserId))]);

    /// <summary>Asserts table by table, so a failure says which table differs.</summary>
    public void AssertEqual(AggregateSnapshot actual)
    {
        Assert.Equal(Posts, actual.Posts);
        Assert.Equal(PostDays, actual.PostDays);
        Assert.Equal(UserDays, actual.UserDays);
    }

    private static DateOnly Day(long daysSince2000) => new DateOnly(2000, 1, 1).AddDays((int)daysSince2000);

    private static async IAsyncEnumerable<long[]> QueryAsync(NpgsqlDataSource database, string sql, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new long[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            }
            yield return row;
        }
    }
}

using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;
using Pulse.Data.Entities;

namespace Pulse.Data.Seeding;

/// <summary>
/// Writes a generated seed's rows table by table with binary COPY on the loader's connection (and so
/// in its transaction), turning row indexes into the ids claimed for them.
/// </summary>
internal sealed class SeedCopier(IModel model, NpgsqlConnection connection, IProgress<SeedProgress>? progress, List<SeedPhaseSummary> phases, TimeSpan timeout)
{
    private const int ReportsPerPhase = 100;

    public async Task CopyAsync(GeneratedSeed seed, CancellationToken cancellationToken)
    {
        var userOffset = await IdRange.ClaimAsync(connection, CopyCommand.TableName<User>(model), CopyCommand.ColumnName<User>(model, nameof(User.Id)), seed.Users.Count, cancellationToken);
        var postOffset = await IdRange.ClaimAsync(connection, CopyCommand.TableName<Post>(model), CopyCommand.ColumnName<Post>(model, nameof(Post.Id)), seed.Posts.Count, cancellationToken);
        long UserId(int index) => userOffset + index + 1;
        long PostId(int index) => postOffset + index + 1;

        var users = seed.Users;
        await CopyAsync<User>(
            [nameof(User.Id), nameof(User.Handle), nameof(User.DisplayName), nameof(User.Email), nameof(User.Country), nameof(User.PasswordHash), nameof(User.CreatedAt)],
            users.Count,
            async (row, i, ct) =>
            {
                var user = users[i];
                await row.WriteAsync(UserId(i), NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(user.Handle, NpgsqlDbType.Varchar, ct);
                await row.WriteAsync(user.DisplayName, NpgsqlDbType.Varchar, ct);
                await row.WriteAsync(user.Email, NpgsqlDbType.Varchar, ct);
                await row.WriteAsync(user.Country, NpgsqlDbType.Char, ct);
                await row.WriteAsync(SeedPassword.Hash, NpgsqlDbType.Text, ct);
                await row.WriteAsync(user.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            },
            cancellationToken);

        var posts = seed.Posts;
        await CopyAsync<Post>(
            [nameof(Post.Id), nameof(Post.AuthorId), nameof(Post.Content), nameof(Post.Tags), nameof(Post.CreatedAt), nameof(Post.FollowersAtPublish)],
            posts.Count,
            async (row, i, ct) =>
            {
                var post = posts[i];
                await row.WriteAsync(PostId(i), NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(UserId(post.AuthorIndex), NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(post.Content, NpgsqlDbType.Varchar, ct);
                await row.WriteAsync(post.Tags, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await row.WriteAsync(post.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                await row.WriteAsync(post.FollowersAtPublish, NpgsqlDbType.Bigint, ct);
            },
            cancellationToken);

        var follows = seed.Follows;
        // Seeded follows are history: counted when made, so no event counts or announces them again.
        await CopyAsync<Follow>(
            [nameof(Follow.FollowerId), nameof(Follow.FolloweeId), nameof(Follow.CreatedAt), nameof(Follow.CountedAt)],
            follows.Count,
            async (row, i, ct) =>
            {
                var follow = follows[i];
                await row.WriteAsync(UserId(follow.FollowerIndex), NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(UserId(follow.FolloweeIndex), NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(follow.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                await row.WriteAsync(follow.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            },
            cancellationToken);

        var postDays = seed.PostDays;
        await CopyAsync<PostDailyStats>(
            [nameof(PostDailyStats.PostId), nameof(PostDailyStats.AuthorId), nameof(PostDailyStats.Day), nameof(PostDailyStats.Views), nameof(PostDailyStats.Likes), nameof(PostDailyStats.Comments), nameof(PostDailyStats.Shares)],
            postDays.Count,
            async (row, i, ct) =>
            {
                var day = postDays[i];
                await row.WriteAsync(PostId(day.PostIndex), NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(UserId(posts[day.PostIndex].AuthorIndex), NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(day.Day, NpgsqlDbType.Date, ct);
                await row.WriteAsync(day.Views, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(day.Likes, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(day.Comments, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(day.Shares, NpgsqlDbType.Bigint, ct);
            },
            cancellationToken);

        var totals = seed.PostTotals;
        await CopyAsync<PostStats>(
            [nameof(PostStats.PostId), nameof(PostStats.Views), nameof(PostStats.Likes), nameof(PostStats.Comments), nameof(PostStats.Shares), nameof(PostStats.Reach), nameof(PostStats.UpdatedAt)],
            totals.Count,
            async (row, i, ct) =>
            {
                var total = totals[i];
                await row.WriteAsync(PostId(total.PostIndex), NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(total.Views, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(total.Likes, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(total.Comments, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(total.Shares, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(total.Reach, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(seed.Anchor, NpgsqlDbType.TimestampTz, ct);
            },
            cancellationToken);

        var userDays = seed.UserDays;
        await CopyAsync<UserDailyActivity>(
            [nameof(UserDailyActivity.UserId), nameof(UserDailyActivity.Day), nameof(UserDailyActivity.Events), nameof(UserDailyActivity.PostViews), nameof(UserDailyActivity.Likes), nameof(UserDailyActivity.Comments), nameof(UserDailyActivity.Shares), nameof(UserDailyActivity.Follows), nameof(UserDailyActivity.Sessions)],
            userDays.Count,
            async (row, i, ct) =>
            {
                var day = userDays[i];
                await row.WriteAsync(UserId(day.UserIndex), NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(day.Day, NpgsqlDbType.Date, ct);
                await row.WriteAsync(day.Events, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(day.PostViews, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(day.Likes, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(day.Comments, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(day.Shares, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(day.Follows, NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(day.Sessions, NpgsqlDbType.Bigint, ct);
            },
            cancellationToken);

        var userHours = seed.UserHours;
        await CopyAsync<UserHourlyActivity>(
            [nameof(UserHourlyActivity.UserId), nameof(UserHourlyActivity.Hour), nameof(UserHourlyActivity.Events)],
            userHours.Count,
            async (row, i, ct) =>
            {
                var hour = userHours[i];
                await row.WriteAsync(UserId(hour.UserIndex), NpgsqlDbType.Bigint, ct);
                await row.WriteAsync(new DateTimeOffset(hour.Day.ToDateTime(new TimeOnly(hour.Hour, 0)), TimeSpan.Zero), NpgsqlDbType.TimestampTz, ct);
                await row.WriteAsync(hour.Events, NpgsqlDbType.Bigint, ct);
            },
            cancellationToken);
    }

    /// <summary>COPYs <paramref name="count"/> rows into <typeparamref name="TEntity"/>'s table; <paramref name="writeRow"/> writes row i's values in the order of <paramref name="properties"/>.</summary>
    private async Task CopyAsync<TEntity>(string[] properties, int count, Func<NpgsqlBinaryImporter, int, CancellationToken, Task> writeRow, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }
        var phase = CopyCommand.TableName<TEntity>(model);
        var stopwatch = Stopwatch.StartNew();
        var reportEvery = Math.Max(1, count / ReportsPerPhase);
        progress?.Report(new SeedProgress(phase, 0, count, TimeSpan.Zero));

        await using (var importer = await connection.BeginBinaryImportAsync(CopyCommand.For<TEntity>(model, properties), cancellationToken))
        {
            importer.Timeout = timeout;
            for (var i = 0; i < count; i++)
            {
                await importer.StartRowAsync(cancellationToken);
                await writeRow(importer, i, cancellationToken);
                if ((i + 1) % reportEvery == 0 && i + 1 < count)
                {
                    progress?.Report(new SeedProgress(phase, i + 1, count, stopwatch.Elapsed));
                }
            }
            await importer.CompleteAsync(cancellationToken);
        }

        progress?.Report(new SeedProgress(phase, count, count, stopwatch.Elapsed));
        phases.Add(new SeedPhaseSummary(phase, count, stopwatch.Elapsed));
    }
}

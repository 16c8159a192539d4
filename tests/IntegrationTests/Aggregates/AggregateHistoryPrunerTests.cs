using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Pulse.Ingestor.Aggregates;
using Pulse.IntegrationTests.Data;
using Pulse.ServiceDefaults;
using Pulse.ServiceDefaults.Retention;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Aggregates;

/// <summary>
/// The daily and hourly aggregate tables lose exactly the rows of days before their retention, in
/// batches, and nothing else: not the days kept, not <c>user_follower_days</c>, not a table whose
/// retention is empty.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class AggregateHistoryPrunerTests(PostgresServer postgres) : IAsyncLifetime
{
    private const int Posts = 150;
    private const int Users = 150;

    private static readonly TimeSpan Daily = TimeSpan.FromDays(400);
    private static readonly TimeSpan Hourly = TimeSpan.FromDays(365);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly SinkParts parts = new();
    private AggregatesDatabase database = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public async ValueTask InitializeAsync() =>
        database = await AggregatesDatabase.CreateAsync(postgres, "aggregates_history", users: Users, posts: Posts);

    [Fact]
    public async Task Deletes_exactly_the_rows_of_days_before_the_first_day_kept_in_batches()
    {
        var firstDaily = Today.AddDays(-400);
        var firstHourly = Today.AddDays(-365);
        DateOnly[] days = [firstDaily.AddDays(-30), firstDaily.AddDays(-1), firstDaily, firstDaily.AddDays(1), firstHourly.AddDays(-1), Today];
        await InsertDailyAsync(days);
        var midnight = At(firstHourly);
        DateTimeOffset[] hours = [midnight.AddDays(-3), midnight.AddHours(-1), midnight, midnight.AddHours(1), time.GetUtcNow()];
        await InsertHourlyAsync(hours);
        await InsertFollowerDaysAsync(firstDaily.AddDays(-100), Today);

        // 100 per statement: the 300 old rows of each daily table take three full batches and an empty one.
        var deleted = await Pruner(Daily, Hourly, batchSize: 100).PruneAsync(Cancellation);

        Assert.Equal(new Dictionary<string, long>
        {
            ["post_daily_stats"] = 2 * Posts,
            ["user_daily_activity"] = 2 * Users,
            ["user_hourly_activity"] = 2 * Users,
        }, deleted);
        DateOnly[] kept = [firstDaily, firstDaily.AddDays(1), firstHourly.AddDays(-1), Today];
        Assert.Equal(Each(kept, Posts), await DaysAsync("select post_id, day from post_daily_stats"));
        Assert.Equal(Each(kept, Users), await DaysAsync("select user_id, day from user_daily_activity"));
        Assert.Equal(Each(hours[2..], Users), await HoursAsync());
        Assert.Equal(Each([firstDaily.AddDays(-100), Today], Users), await DaysAsync("select user_id, day from user_follower_days"));
    }

    [Fact]
    public async Task A_table_is_looked_at_again_only_once_its_cutoff_moved_a_day()
    {
        var pruner = Pruner(Daily, Hourly, batchSize: 100);
        await pruner.PruneAsync(Cancellation);
        var firstDaily = Today.AddDays(-400);
        // Rows the next day's cutoff expires (written here by hand; nothing real writes days that old).
        await InsertDailyAsync([firstDaily]);

        var sameDay = await pruner.PruneAsync(Cancellation);
        time.Advance(TimeSpan.FromDays(1));
        var nextDay = await pruner.PruneAsync(Cancellation);

        Assert.Empty(sameDay);
        Assert.Equal(Posts, nextDay["post_daily_stats"]);
        Assert.Equal(Users, nextDay["user_daily_activity"]);
        Assert.Empty(await DaysAsync("select post_id, day from post_daily_stats"));
    }

    [Fact]
    public async Task An_empty_retention_keeps_its_tables_forever()
    {
        var ancient = Today.AddDays(-3000);
        await InsertDailyAsync([ancient]);
        await InsertHourlyAsync([At(ancient)]);

        var deleted = await Pruner(daily: null, hourly: Hourly, batchSize: 100).PruneAsync(Cancellation);

        Assert.Equal(new Dictionary<string, long> { ["user_hourly_activity"] = Users }, deleted);
        Assert.Equal(Each([ancient], Posts), await DaysAsync("select post_id, day from post_daily_stats"));
        Assert.Equal(Each([ancient], Users), await DaysAsync("select user_id, day from user_daily_activity"));
    }

    [Fact]
    public async Task Only_a_pass_that_deletes_rows_is_traced()
    {
        var started = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PulseTelemetry.IngestorSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName.StartsWith("prune ", StringComparison.Ordinal) && activity.Tags.Any(tag => tag.Value == "user_daily_activity"))
                {
                    lock (started)
                    {
                        started.Add(activity.OperationName);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await InsertDailyAsync([Today]);

        await Pruner(Daily, hourly: null, batchSize: 100).PruneAsync(Cancellation);
        var idle = started.Count;
        await InsertDailyAsync([Today.AddDays(-401)]);
        await Pruner(Daily, hourly: null, batchSize: 100).PruneAsync(Cancellation);

        Assert.Equal(0, idle);
        Assert.Equal(["prune user_daily_activity"], started);
    }

    private AggregateHistoryPruner Pruner(TimeSpan? daily, TimeSpan? hourly, int batchSize) =>
        new(database.DataSource,
            Options.Create(new AggregatesOptions { PruneBatchSize = batchSize, PruneInterval = TimeSpan.FromMinutes(1) }),
            Options.Create(new RetentionOptions { DailyTables = daily, HourlyTable = hourly }),
            time,
            parts.AggregatesMetrics,
            NullLogger<AggregateHistoryPruner>.Instance);

    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static HashSet<(long, T)> Each<T>(IEnumerable<T> times, int ids) =>
        [.. times.SelectMany(at => Enumerable.Range(1, ids).Select(id => ((long)id, at)))];

    private async Task InsertDailyAsync(DateOnly[] days)
    {
        await using var command = database.DataSource.CreateCommand("""
            insert into post_daily_stats (post_id, day, author_id, views, likes, comments, shares)
            select p.id, d.day, p.author_id, 1, 0, 0, 0 from posts p cross join unnest(@days) as d(day);
            insert into user_daily_activity (user_id, day, events, post_views, likes, comments, shares, follows, sessions)
            select u.id, d.day, 1, 1, 0, 0, 0, 0, 0 from users u cross join unnest(@days) as d(day);
            """);
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]>("days", days));
        await command.ExecuteNonQueryAsync(Cancellation);
    }

    private async Task InsertHourlyAsync(DateTimeOffset[] hours)
    {
        await using var command = database.DataSource.CreateCommand(
            "insert into user_hourly_activity (user_id, hour, events) select u.id, h.hour, 1 from users u cross join unnest(@hours) as h(hour)");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("hours", hours));
        await command.ExecuteNonQueryAsync(Cancellation);
    }

    private async Task InsertFollowerDaysAsync(params DateOnly[] days)
    {
        await using var command = database.DataSource.CreateCommand(
            "insert into user_follower_days (user_id, day, gained, lost) select u.id, d.day, 1, 0 from users u cross join unnest(@days) as d(day)");
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]>("days", days));
        await command.ExecuteNonQueryAsync(Cancellation);
    }

    private async Task<HashSet<(long, DateOnly)>> DaysAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        var rows = new HashSet<(long, DateOnly)>();
        while (await reader.ReadAsync(Cancellation))
        {
            rows.Add((reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1)));
        }
        return rows;
    }

    private async Task<HashSet<(long, DateTimeOffset)>> HoursAsync()
    {
        await using var command = database.DataSource.CreateCommand("select user_id, hour from user_hourly_activity");
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        var rows = new HashSet<(long, DateTimeOffset)>();
        while (await reader.ReadAsync(Cancellation))
        {
            rows.Add((reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        parts.Dispose();
        await database.DisposeAsync();
    }
}

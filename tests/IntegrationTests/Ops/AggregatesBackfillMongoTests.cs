using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pulse.Contracts.Events;
using Pulse.IntegrationTests.Aggregates;
using Pulse.IntegrationTests.Data;
using Pulse.IntegrationTests.EventAnalytics;
using Pulse.Ingestor.Aggregates;
using Pulse.Ingestor.EventLog;
using Pulse.Ops.Backfill;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using Pulse.ServiceDefaults.Retention;

namespace Pulse.IntegrationTests.Ops;

/// <summary>
/// The aggregates backfill end to end: events written to a real MongoDB by the Ingestor's own
/// event-log sink, rebuilt into a real PostgreSQL (only where PULSE_TEST_MONGODB is set).
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class AggregatesBackfillMongoTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan DedupeRetention = TimeSpan.FromDays(3);

    private readonly MongoTestDatabase? mongo = MongoTestDatabase.CreateIfAvailable();
    private readonly int seed = Random.Shared.Next();
    private readonly DateTimeOffset now = DateTimeOffset.UtcNow;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Four whole days ending two days ago: inside the Api's window, outside today.</summary>
    private DayRange Days => new(DayRange.DayOf(now).AddDays(-5), DayRange.DayOf(now).AddDays(-2));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (mongo is not null)
        {
            await mongo.DisposeAsync();
        }
    }

    [Fact]
    public async Task Rebuilds_what_the_live_rollup_computed_and_records_the_ids_the_stream_may_still_deliver()
    {
        var log = RequireMongo();
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "ops_mongo_rebuild", users: 20, posts: 30);
        var events = Events(database, 3_000);
        // Received after the run began: neither counted nor recorded; the stream applies it.
        var late = events[0] with { Id = Guid.CreateVersion7(), ReceivedAt = now.AddMinutes(1) };
        await WriteToLogAsync(log, [.. events, late]);
        await AggregatesRollup.ApplyAsync(database.DataSource, EventColumns.From(events), Cancellation);
        var live = await database.ReadAsync();
        await ExecuteAsync(database, """
            update post_daily_stats set views = views + 1000;
            update user_daily_activity set events = events + 1000;
            update post_stats set views = 0, likes = 0, comments = 0, shares = 0;
            delete from ingested_events;
            """);

        var span = await new EventLogReader(log.Database).SpanAsync(Cancellation);
        var summary = await new AggregatesBackfill(log.Database, database.DataSource).RunAsync(Days, now, DedupeRetention, progress: null, Cancellation);

        Assert.Equal(new EventLogSpan(DateTimeOffset.FromUnixTimeMilliseconds(events.Min(e => e.Timestamp).ToUnixTimeMilliseconds()), TimeSpan.FromDays(90)), span);
        AggregateRows.AssertEqual(live, await database.ReadAsync());
        var recent = events.Where(e => e.ReceivedAt >= now - DedupeRetention).Select(e => e.Id).ToHashSet();
        Assert.InRange(recent.Count, 1, events.Count - 1);
        Assert.Equal(recent, await database.IngestedIdsAsync());
        Assert.Equal(recent.Count, summary.EventIds);
        Assert.Equal(live.PostDays.Count, summary.Replaced.PostDaysWritten);
    }

    [Fact]
    public async Task The_command_rebuilds_a_range_and_prints_its_summary()
    {
        var log = RequireMongo();
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "ops_mongo_command", users: 10, posts: 12);
        var events = Events(database, 500);
        await WriteToLogAsync(log, events);
        await AggregatesRollup.ApplyAsync(database.DataSource, EventColumns.From(events), Cancellation);
        var live = await database.ReadAsync();
        await ExecuteAsync(database, "delete from post_daily_stats; delete from user_daily_activity; delete from post_stats;");

        var result = await OpsProcess.RunAsync("backfill", "aggregates", "--postgres", database.ConnectionString, "--mongo", log.ConnectionString,
            "--from", Day(Days.From), "--to", Day(Days.To));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("post_daily_stats rows deleted, written", result.Output, StringComparison.Ordinal);
        AggregateRows.AssertEqual(live, await database.ReadAsync());
    }

    [Fact]
    public async Task An_empty_event_log_is_refused_and_nothing_is_replaced()
    {
        var log = RequireMongo();
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "ops_mongo_empty", users: 5, posts: 5);
        await AggregatesRollup.ApplyAsync(database.DataSource, EventColumns.From(Events(database, 200)), Cancellation);
        var before = await database.ReadAsync();

        var result = await OpsProcess.RunAsync("backfill", "aggregates", "--postgres", database.ConnectionString, "--mongo", log.ConnectionString);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("holds no events: nothing to rebuild from", result.Error, StringComparison.Ordinal);
        AggregateRows.AssertEqual(before, await database.ReadAsync());
    }

    private MongoTestDatabase RequireMongo()
    {
        Assert.SkipWhen(mongo is null, MongoTestDatabase.SkipReason);
        return mongo!;
    }

    /// <summary>
    /// A mix over the four days in the order it happened, as the stream delivers it here (the
    /// backfill goes by timestamp), each received a second after it happened. Unlikes left out: the
    /// live rollup floors a day's likes in stream order, which counts cannot see; repeated likes
    /// stay in, and only a user's first like of a post counts.
    /// </summary>
    private List<PipelineEvent> Events(AggregatesDatabase database, int count)
    {
        var shift = Days.Start - EventMix.FirstDay;
        return [.. new EventMix(seed, [.. database.Users], [.. database.AuthorOfPost.Keys]) { WithUnlikes = false }.Next(count)
            .Select(e => e with { Timestamp = e.Timestamp + shift, ReceivedAt = e.Timestamp + shift + TimeSpan.FromSeconds(1) })
            .OrderBy(e => e.Timestamp)];
    }

    private static async Task WriteToLogAsync(MongoTestDatabase log, IReadOnlyList<PipelineEvent> events)
    {
        using var indexes = new EventLogIndexes(log.Database, Options.Create(new RetentionOptions { RawEvents = TimeSpan.FromDays(90) }), NullLogger<EventLogIndexes>.Instance);
        var sink = new EventLogSink(log.Database, indexes, NullLogger<EventLogSink>.Instance);
        foreach (var batch in events.Chunk(500))
        {
            await sink.WriteAsync(batch, Cancellation);
        }
    }

    private static string Day(DateOnly day) => day.ToString(DayRange.DayFormat, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task ExecuteAsync(AggregatesDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Cancellation);
    }
}

using Pulse.Contracts;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Ops;

/// <summary>The built pulse-ops run as an operator runs it, against real servers: the commands are wired to the backfills and report plainly.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class PulseOpsProcessTests(PostgresServer postgres, RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Counters_backfill_writes_every_posts_counters_and_prints_a_summary()
    {
        await redis.FlushAsync();
        await using var database = await CountersDatabase.CreateAsync(postgres, "ops_process_counters", posts: 300);
        var totals = await database.TotalsAsync();

        var result = await OpsProcess.RunAsync("backfill", "counters", "--postgres", database.ConnectionString, "--redis", redis.ConnectionString, "--batch", "100");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"posts written\s*│\s*270\b", result.Output);
        Assert.Matches(@"batches \(round trips\)\s*│\s*3\b", result.Output);
        Assert.Equal("", result.Error);
        var sample = totals[totals.Keys.Max()];
        var stored = await redis.Connection.GetDatabase().HashGetAllAsync(RedisKeys.PostCounters(RedisKeys.DefaultPartition, sample.PostId));
        Assert.Equal(
            new Dictionary<string, long> { ["views"] = sample.Views, ["likes"] = sample.Likes, ["comments"] = sample.Comments, ["shares"] = sample.Shares },
            stored.ToDictionary(entry => (string)entry.Name!, entry => (long)entry.Value));
    }

    [Fact]
    public async Task A_database_without_the_schema_is_refused_before_anything_is_written()
    {
        await redis.FlushAsync();
        var empty = await postgres.CreateDatabaseAsync("ops_process_unmigrated");

        var result = await OpsProcess.RunAsync("backfill", "counters", "--postgres", empty, "--redis", redis.ConnectionString);

        Assert.Equal(1, result.ExitCode);
        Assert.Matches("^Failed: PostgreSQL's schema lacks [0-9]+ migration\\(s\\) \\(first: [0-9]+_[A-Za-z]+\\); run the MigrationService first\\.\\n$", result.Error);
        Assert.Empty(await redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]).KeysAsync(pattern: "*").ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Aggregates_backfill_with_no_mongodb_to_reach_says_so_in_one_line()
    {
        var database = await MigratedDatabase.CreateAsync(postgres, "ops_process_nomongo");

        var result = await OpsProcess.RunAsync("backfill", "aggregates", "--postgres", database,
            "--mongo", "mongodb://127.0.0.1:1/pulse_events?serverSelectionTimeoutMS=500");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Failed: Cannot reach MongoDB at 127.0.0.1:1/pulse_events: no server answered in time (serverSelectionTimeoutMS).\n", result.Error);
    }
}

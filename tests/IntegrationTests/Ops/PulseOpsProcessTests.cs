using System.Diagnostics;
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
    public async Task Roles_set_gives_a_role_ends_the_users_sessions_and_records_it_once()
    {
        var database = await MigratedDatabase.CreateAsync(postgres, "ops_process_roles");
        await using var data = Npgsql.NpgsqlDataSource.Create(database);
        await using (var insert = data.CreateCommand(
            "insert into users (handle, display_name, email, country, password_hash) values ('carol', 'Carol', 'carol@example.com', 'NL', 'x') returning id"))
        {
            var id = (long)(await insert.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            var sessions = redis.Connection.GetDatabase();
            await sessions.SetAddAsync(RedisKeys.Sessions.OfUser(id), "session-hash");
            await sessions.HashSetAsync(RedisKeys.Sessions.Session("session-hash"), "user_id", id);
        }

        var result = await OpsProcess.RunAsync("roles", "set", "Carol", "analyst", "--postgres", database, "--redis", redis.ConnectionString);
        var again = await OpsProcess.RunAsync("roles", "set", "carol", "analyst", "--postgres", database, "--redis", redis.ConnectionString);
        var unknown = await OpsProcess.RunAsync("roles", "set", "nobody", "admin", "--postgres", database, "--redis", redis.ConnectionString);
        var badRole = await OpsProcess.RunAsync("roles", "set", "carol", "owner", "--postgres", database, "--redis", redis.ConnectionString);

        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        Assert.Matches(@"carol \(user [0-9]+\) is now analyst \(was member\); 1 session\(s\) ended\.", result.Output);
        Assert.Contains("is analyst already; nothing changed", again.Output, StringComparison.Ordinal);
        Assert.Equal((1, "Failed: there is no user 'nobody' in PostgreSQL at " + Pulse.Ops.Commands.StoreConnections.DescribePostgres(database) + ".\n"), (unknown.ExitCode, unknown.Error));
        Assert.Equal(2, badRole.ExitCode);
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync(RedisKeys.Sessions.Session("session-hash")));
        await using var audit = data.CreateCommand("select actor, action, target, detail from audit_log");
        await using var reader = await audit.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal(($"pulse-ops:{Environment.UserName}", "role.changed", "member -> analyst"), (reader.GetString(0), reader.GetString(1), reader.GetString(3)));
        Assert.False(await reader.ReadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Pipeline_pause_resume_and_retire_decide_a_groups_state_and_record_each_decision()
    {
        await redis.FlushAsync();
        var database = await MigratedDatabase.CreateAsync(postgres, "ops_process_pipeline");
        string[] stores = ["--redis", redis.ConnectionString, "--postgres", database];
        await redis.Connection.GetDatabase().StreamCreateConsumerGroupAsync(EventStreamNames.Key, EventStreamNames.Groups.EventLog, StreamPosition.Beginning, createStream: true);

        var paused = await OpsProcess.RunAsync(["pipeline", "pause", "eventlog", "--reason", "MongoDB upgrade", .. stores]);
        var decision = await Pulse.Pipeline.GroupDecisions.ReadAsync(redis.Connection.GetDatabase(), EventStreamNames.Groups.EventLog);
        var retired = await OpsProcess.RunAsync(["pipeline", "retire", "eventlog", .. stores]);
        var pauseRetired = await OpsProcess.RunAsync(["pipeline", "pause", "eventlog", .. stores]);
        var resumed = await OpsProcess.RunAsync(["pipeline", "resume", "eventlog", .. stores]);
        var unknown = await OpsProcess.RunAsync(["pipeline", "pause", "nosuch", .. stores]);

        Assert.Equal((0, ""), (paused.ExitCode, paused.Error));
        Assert.StartsWith("eventlog: running -> paused. ", paused.Output, StringComparison.Ordinal);
        Assert.Equal((Contracts.Pipeline.ConsumerGroupState.Paused, "MongoDB upgrade", $"pulse-ops:{Environment.UserName}"), (decision!.State, decision.Reason, decision.By));
        Assert.StartsWith("eventlog: paused -> retired. ", retired.Output, StringComparison.Ordinal);
        Assert.Equal((1, "Failed: 'eventlog' is retired: resume it before pausing it.\n"), (pauseRetired.ExitCode, pauseRetired.Error));
        Assert.StartsWith("eventlog: retired -> running. Recreated", resumed.Output, StringComparison.Ordinal);
        Assert.Equal((1, "Failed: There is no consumer group 'nosuch'. Pulse's groups are eventlog and aggregates.\n"), (unknown.ExitCode, unknown.Error));
        Assert.NotNull((await redis.Connection.GetDatabase().StreamGroupInfoAsync(EventStreamNames.Key)).SingleOrDefault(group => group.Name == EventStreamNames.Groups.EventLog).Name);

        await using var data = Npgsql.NpgsqlDataSource.Create(database);
        await using var audit = data.CreateCommand("select action, target, detail from audit_log order by id");
        await using var reader = await audit.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var entries = new List<(string, string, string)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            entries.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        Assert.Equal(
            [
                ("pipeline.group_paused", "group:eventlog", "running -> paused: MongoDB upgrade"),
                ("pipeline.group_retired", "group:eventlog", "paused -> retired"),
                ("pipeline.group_resumed", "group:eventlog", "retired -> running"),
            ],
            entries);
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

    /// <remarks>
    /// SIGTERM, not SIGINT: test.sh runs the test projects in the background, where a shell starts
    /// them (and so this child) with SIGINT ignored. Ctrl+C (SIGINT) takes the same handler.
    /// </remarks>
    [Fact]
    public async Task A_stop_signal_cancels_a_run_and_it_says_what_it_left()
    {
        var database = await MigratedDatabase.CreateAsync(postgres, "ops_process_cancel");
        // No MongoDB answers, and the driver would wait a minute for one: only the cancellation ends the run early.
        using var process = OpsProcess.Start("backfill", "aggregates", "--postgres", database,
            "--mongo", "mongodb://127.0.0.1:1/pulse_events?serverSelectionTimeoutMS=60000");
        var cancellation = TestContext.Current.CancellationToken;
        var error = process.StandardError.ReadToEndAsync(cancellation);
        string? line;
        do
        {
            line = await process.StandardOutput.ReadLineAsync(cancellation);
        }
        while (line is not null && !line.StartsWith("Reading which days the event log", StringComparison.Ordinal));
        Assert.NotNull(line);

        await SendSignalAsync("TERM", process.Id);
        var stopped = Stopwatch.StartNew();
        await process.WaitForExitAsync(cancellation);

        Assert.Equal(130, process.ExitCode);
        Assert.Equal("Cancelled: nothing was replaced (the transaction, if begun, was rolled back).\n", await error);
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(30), $"stopped {stopped.Elapsed} after the signal, not when MongoDB's wait ran out");
    }

    private static async Task SendSignalAsync(string signal, int processId)
    {
        using var kill = Process.Start("kill", ["-" + signal, processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, kill.ExitCode);
    }
}

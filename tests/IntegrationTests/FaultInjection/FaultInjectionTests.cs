using System.Diagnostics;
using Npgsql;
using Pulse.Contracts.Events;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.FaultInjection;

/// <summary>
/// Faults injected into real processes while a client with known ground truth sends a steady
/// stream of events (about 1,000 a second) and resends every refused batch with the same ids.
/// After each fault every event that got a 202 is counted exactly once in PostgreSQL and nothing is
/// dead-lettered. Each scenario is bounded: its fault lasts seconds, and every wait has a timeout.
/// The PostgreSQL outage and the Ingestor killed ten times are PostgresOutageTests and
/// ExactlyOnceTests, in this category too.
/// </summary>
[Trait("Category", "FaultInjection")]
public sealed class FaultInjectionTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const int BatchSize = 100;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Redis_paused_by_CLIENT_PAUSE_for_10_seconds_loses_and_doubles_nothing()
    {
        await RunAsync("fault_client_pause", "everysec", async pulse =>
        {
            await pulse.Redis.Connection.GetServer(pulse.Redis.Connection.GetEndPoints()[0]).ExecuteAsync("CLIENT", "PAUSE", "10000", "ALL");
            // The pause ends by itself after 10 s; the client's requests wait or are refused meanwhile.
            await Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            return "CLIENT PAUSE 10000 ALL";
        });
    }

    [Fact]
    public async Task Redis_stopped_by_SIGSTOP_for_10_seconds_loses_and_doubles_nothing()
    {
        await RunAsync("fault_sigstop", "everysec", async pulse =>
        {
            await pulse.Redis.SignalAsync("STOP");
            await Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            await pulse.Redis.SignalAsync("CONT");
            return "SIGSTOP, 10 s, SIGCONT";
        });
    }

    [Fact]
    public async Task Redis_killed_and_restarted_from_its_AOF_with_appendfsync_always_loses_nothing()
    {
        await RunAsync("fault_redis_kill_always", "always", async pulse =>
        {
            await pulse.Redis.KillAsync();
            await pulse.Redis.RestartAsync();
            return "SIGKILL, restart from the AOF (appendfsync always)";
        });
    }

    [Fact]
    public async Task Redis_killed_and_restarted_from_its_AOF_with_appendfsync_everysec_loses_at_most_what_it_had_not_written()
    {
        var sw = Stopwatch.StartNew();
        await using var pulse = await PulseUnderFault.StartAsync(postgres, "fault_redis_kill_everysec", "everysec");
        var feed = await pulse.StartFeedAsync(BatchSize, Interval);
        using var stop = new CancellationTokenSource();
        var feeding = feed.RunAsync(stop.Token);
        await feed.WaitForMoreAsync(3_000, Patience, "the feed to get going");

        var acceptedAtKill = feed.AcceptedCount;
        await pulse.Redis.KillAsync();
        await pulse.Redis.RestartAsync();
        await feed.WaitForMoreAsync(3_000, Patience, "the feed to go on after the restart");
        await stop.CancelAsync();
        await feeding;

        var snapshot = await pulse.DrainedSnapshotAsync();
        var accepted = feed.Accepted;
        var lost = (await pulse.NeverAppliedAsync(accepted)).ToHashSet();
        // What survived is counted exactly once. Redis writes the AOF before it answers, so a process
        // that dies loses only what a slow disk made it postpone writing: at most two seconds.
        pulse.Feed.Expected(accepted.Where(@event => !lost.Contains(@event.Id!.Value))).AssertEqual(snapshot);
        Assert.True(lost.Count <= BatchSize * (int)(TimeSpan.FromSeconds(2) / Interval) + BatchSize,
            $"{lost.Count} accepted events were lost, more than two seconds of the feed");
        Assert.Empty(await pulse.DeadLettersAsync());
        output.WriteLine($"appendfsync everysec, SIGKILL with {acceptedAtKill} accepted: {lost.Count} accepted events lost; {accepted.Count} accepted in all, {feed.Resends} resends; {sw.Elapsed.TotalSeconds:0} s.");
    }

    [Fact]
    public async Task PostgreSQL_read_only_for_30_seconds_loses_and_doubles_nothing()
    {
        await RunAsync("fault_read_only", "everysec", async pulse =>
        {
            // As managed storage turns a full server: every transaction is read-only, the open sessions' too.
            await AdminAsync("alter system set default_transaction_read_only = on", "select pg_reload_conf()");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            }
            finally
            {
                await AdminAsync("alter system reset default_transaction_read_only", "select pg_reload_conf()");
            }
            return "default_transaction_read_only = on for 30 s";
        });
    }

    [Fact]
    public async Task The_api_killed_mid_batch_five_times_loses_and_doubles_nothing()
    {
        await RunAsync("fault_api_kill", "everysec", async pulse =>
        {
            for (var kill = 0; kill < 5; kill++)
            {
                await pulse.Api.KillAsync();
                await pulse.Api.StartAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(500 + Random.Shared.Next(1_000)), TestContext.Current.CancellationToken);
            }
            Assert.Equal(6, pulse.Api.Starts);
            return "the Api SIGKILLed 5 times";
        }, batchSize: 500);
    }

    [Fact]
    public async Task An_ingestor_replica_without_mongodb_joining_and_leaving_takes_no_entry_from_the_event_log()
    {
        var sw = Stopwatch.StartNew();
        // The first replica's MongoDB does not answer: its eventlog group keeps every entry pending or unread.
        var mongo = $"mongodb://127.0.0.1:{Aggregates.ClosedPort.Find()}/pulse_events?serverSelectionTimeoutMS=500";
        await using var pulse = await PulseUnderFault.StartAsync(postgres, "fault_replica_without_mongo", eventLog: mongo);
        var feed = await pulse.StartFeedAsync(BatchSize, Interval);
        using var stop = new CancellationTokenSource();
        var feeding = feed.RunAsync(stop.Token);
        await feed.WaitForMoreAsync(2_000, Patience, "the feed to get going");

        // A replica without MongoDB joins (a rolling deploy, a misconfigured replica), works a while, and leaves.
        await using (var withoutMongo = pulse.Replica("replica-without-mongo", eventLog: null))
        {
            withoutMongo.Start();
            await feed.WaitForMoreAsync(3_000, Patience, "the feed to go on while the second replica runs");
            await withoutMongo.KillAsync();
        }
        await feed.WaitForMoreAsync(1_000, Patience, "the feed to go on after it left");
        await stop.CancelAsync();
        await feeding;

        var accepted = feed.Accepted;
        pulse.Feed.Expected(accepted).AssertEqual(await pulse.DrainedSnapshotAsync());
        // The event log stored nothing, so every entry must still wait for it: none trimmed, none acknowledged as gone.
        var redis = pulse.Redis.Connection.GetDatabase();
        Assert.Equal(accepted.Count, await redis.StreamLengthAsync(Contracts.EventStreamNames.Key));
        Assert.Empty(await pulse.DeadLettersAsync());
        output.WriteLine($"a replica without MongoDB joined and left: {accepted.Count} events accepted, all counted once and all still waiting for the event log; {sw.Elapsed.TotalSeconds:0} s.");
    }

    /// <summary>Starts Pulse and the feed, injects <paramref name="fault"/> once the feed runs, and checks the ground truth after it.</summary>
    private async Task RunAsync(string purpose, string appendFsync, Func<PulseUnderFault, Task<string>> fault, int batchSize = BatchSize)
    {
        var sw = Stopwatch.StartNew();
        await using var pulse = await PulseUnderFault.StartAsync(postgres, purpose, appendFsync);
        var feed = await pulse.StartFeedAsync(batchSize, Interval);
        using var stop = new CancellationTokenSource();
        var feeding = feed.RunAsync(stop.Token);
        await feed.WaitForMoreAsync(2_000, Patience, "the feed to get going");

        var before = feed.AcceptedCount;
        var started = sw.Elapsed;
        var what = await fault(pulse);
        var during = feed.AcceptedCount - before;
        var faulted = sw.Elapsed;
        await feed.WaitForMoreAsync(2_000, Patience, "the feed to go on after the fault");
        var recovered = sw.Elapsed;
        await stop.CancelAsync();
        await feeding;

        var accepted = feed.Accepted;
        pulse.Feed.Expected(accepted).AssertEqual(await pulse.DrainedSnapshotAsync());
        Assert.Empty(await pulse.NeverAppliedAsync(accepted));
        Assert.Empty(await pulse.DeadLettersAsync());
        output.WriteLine($"{what}: {during} events accepted during the fault, {accepted.Count} in all, each counted once; {feed.Resends} resends; " +
            $"started and fed {started.TotalSeconds:0} s, fault {(faulted - started).TotalSeconds:0} s, 2,000 more accepted after {(recovered - faulted).TotalSeconds:0} s, drained at {sw.Elapsed.TotalSeconds:0} s.");
    }

    private async Task AdminAsync(params string[] statements)
    {
        // Its own session, writable whatever the server's default says.
        var builder = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString) { Pooling = false, Options = "-c default_transaction_read_only=off" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }
}

using Npgsql;
using Pulse.Contracts;
using Pulse.IntegrationTests.Data;
using Pulse.IntegrationTests.Ingestor;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Aggregates;

/// <summary>
/// A fault of the whole store is not a fault of the events: with a real PostgreSQL made read-only
/// or missing a table, the aggregates group's batch waits (its health says why), no entry counts
/// a failed attempt or reaches the dead letters, and once the store is fixed every event is applied once.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class StoreFaultTests(PostgresServer postgres, RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string Group = EventStreamNames.Groups.Aggregates;

    private readonly SinkParts parts = new();
    private readonly StreamTestKit kit = new(redis.Connection);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await redis.FlushAsync();

    [Fact]
    public async Task A_read_only_database_holds_the_batch_without_failing_an_entry_and_it_is_applied_once_writable()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "aggregates_read_only", users: 1, posts: 1);
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        // As managed storage turns a full server: every new session is read-only.
        await AdminAsync($"alter database \"{name}\" set default_transaction_read_only = on");
        database.DataSource.Clear();

        await RunThroughFaultAsync(database, "25006", fix: async () =>
        {
            await AdminAsync($"alter database \"{name}\" set default_transaction_read_only = off");
            database.DataSource.Clear();
        });
    }

    [Fact]
    public async Task A_missing_table_holds_the_batch_without_failing_an_entry_and_it_is_applied_once_restored()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "aggregates_missing_table", users: 1, posts: 1);
        await ExecuteAsync(database, "alter table user_daily_activity rename to user_daily_activity_away");

        await RunThroughFaultAsync(database, "42P01",
            fix: () => ExecuteAsync(database, "alter table user_daily_activity_away rename to user_daily_activity"));
    }

    private async Task RunThroughFaultAsync(AggregatesDatabase database, string sqlState, Func<Task> fix)
    {
        var events = await kit.AddAsync(5);
        var consumer = kit.Consumer(parts.Sink(database.DataSource, redis.Connection), kit.Options(claimIdleMs: 100, maxAttempts: 1));
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => consumer.RunAsync(stop.Token), Cancellation);
        try
        {
            // Several rounds fail on the fault; with one attempt allowed, an entry counted as failed would be dead at once.
            var failures = await Eventually.ReturnsAsync(
                () => Task.FromResult(kit.Health.Groups.TryGetValue(Group, out var health) ? health.LastError : null),
                error => error is not null && error.Contains(sqlState, StringComparison.Ordinal), TimeSpan.FromSeconds(30), $"the group to report {sqlState}");
            Assert.Contains(sqlState, failures, StringComparison.Ordinal);
            Assert.Equal(0, await kit.Database.StreamLengthAsync(EventStreamNames.DeadLetterKey));
            Assert.Equal(0, await kit.Database.HashLengthAsync(EventStreamNames.FailuresKey(Group)));
            Assert.Equal(5, (await kit.GroupAsync(Group))?.PendingMessageCount);

            await fix();

            await Eventually.ReturnsAsync(() => kit.AllAcknowledgedAsync(Group), done => done, TimeSpan.FromSeconds(30), "the batch to be applied once the store is fixed");
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.Equal(0, await kit.Database.StreamLengthAsync(EventStreamNames.DeadLetterKey));
        await using var sessions = database.DataSource.CreateCommand("select coalesce(sum(sessions), 0)::int from user_daily_activity");
        Assert.Equal(events.Length, (int)(await sessions.ExecuteScalarAsync(Cancellation))!);
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Cancellation);
    }

    private static async Task ExecuteAsync(AggregatesDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        parts.Dispose();
        await kit.DisposeAsync();
    }
}

using Npgsql;
using Pulse.Contracts.Realtime;
using Pulse.Ingestor.Aggregates;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Aggregates;

/// <summary>Which failures of the aggregates sink mean "PostgreSQL is away, retry the batch" and which "this batch is bad".</summary>
[Collection(nameof(PostgresGroup))]
public sealed class TransientFailureTests(PostgresServer postgres, RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private readonly SinkParts parts = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostgreSQL_unreachable_is_transient()
    {
        await using var nowhere = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={ClosedPort.Find()};Username=postgres;Timeout=2");
        var sink = parts.Sink(nowhere, redis.Connection);

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => sink.WriteAsync([SessionStart()], Cancellation));

        Assert.True(sink.IsTransient(exception), $"{exception.GetType().Name}: {exception.Message}");
    }

    [Fact]
    public async Task A_connection_ended_by_the_server_is_transient()
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "aggregates_terminated", users: 1, posts: 1);
        await using var victim = await database.DataSource.OpenConnectionAsync(Cancellation);
        await using (var terminate = database.DataSource.CreateCommand("select pg_terminate_backend(@pid)"))
        {
            terminate.Parameters.AddWithValue("pid", victim.ProcessID);
            await terminate.ExecuteScalarAsync(Cancellation);
        }
        await using var command = new NpgsqlCommand("select 1", victim);

        var exception = await Assert.ThrowsAnyAsync<NpgsqlException>(() => command.ExecuteScalarAsync(Cancellation));

        Assert.True(parts.Sink(database.DataSource, redis.Connection).IsTransient(exception), $"{exception.GetType().Name}: {exception.Message}");
    }

    [Theory]
    [InlineData("select 1 / 0")]
    [InlineData("insert into post_stats (post_id, views, likes, comments, shares) values (1, 0, -1, 0, 0)")]
    public async Task A_data_error_is_not_transient(string sql)
    {
        await using var database = await AggregatesDatabase.CreateAsync(postgres, "aggregates_data_error", users: 1, posts: 1);
        await using var command = database.DataSource.CreateCommand(sql);

        var exception = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(Cancellation));

        Assert.False(parts.Sink(database.DataSource, redis.Connection).IsTransient(exception), exception.SqlState);
    }

    [Theory]
    [InlineData(PostgresErrorCodes.ConnectionFailure, true)]
    [InlineData(PostgresErrorCodes.TooManyConnections, true)]
    [InlineData(PostgresErrorCodes.DiskFull, true)]
    [InlineData(PostgresErrorCodes.AdminShutdown, true)]
    [InlineData(PostgresErrorCodes.CannotConnectNow, true)]
    [InlineData(PostgresErrorCodes.SerializationFailure, true)]
    [InlineData(PostgresErrorCodes.DeadlockDetected, true)]
    [InlineData(PostgresErrorCodes.ForeignKeyViolation, true)]
    [InlineData(PostgresErrorCodes.ReadOnlySqlTransaction, true)]
    [InlineData(PostgresErrorCodes.InsufficientPrivilege, true)]
    [InlineData(PostgresErrorCodes.UndefinedTable, true)]
    [InlineData(PostgresErrorCodes.UndefinedColumn, true)]
    [InlineData(PostgresErrorCodes.UndefinedFunction, true)]
    [InlineData(PostgresErrorCodes.CheckViolation, false)]
    [InlineData(PostgresErrorCodes.InvalidTextRepresentation, false)]
    [InlineData(PostgresErrorCodes.SyntaxError, false)]
    public void Each_sql_state_is_classified(string sqlState, bool transient)
    {
        var exception = new PostgresException("test", "ERROR", "ERROR", sqlState);

        Assert.Equal(transient, PostgresFailures.IsTransient(exception));
        Assert.Equal(transient, PostgresFailures.IsTransient(new InvalidOperationException("wrapped", exception)));
    }

    private static Pulse.Contracts.Events.PipelineEvent SessionStart() =>
        new(Guid.CreateVersion7(), EventTypes.SessionStart, 1, null, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, null);

    public void Dispose() => parts.Dispose();
}

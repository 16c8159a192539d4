using System.Net.Sockets;
using MongoDB.Driver;
using MongoDB.Driver.Core.Connections;
using Npgsql;
using Pulse.Api.Problems;
using StackExchange.Redis;

namespace Pulse.UnitTests.Api;

/// <summary>Which failures mean a store is out of reach (503), however deeply the drivers wrap them.</summary>
public sealed class StoreUnavailableExceptionHandlerTests
{
    [Fact]
    public void A_transient_npgsql_failure_wrapped_by_ef_core_is_postgresql()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        var wrapped = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", refused);

        Assert.True(refused.IsTransient);
        Assert.Equal("PostgreSQL", StoreUnavailableExceptionHandler.UnavailableStore(wrapped));
    }

    [Fact]
    public void A_redis_connection_or_timeout_failure_is_redis()
    {
        Assert.Equal("Redis", StoreUnavailableExceptionHandler.UnavailableStore(new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "down", null, CommandStatus.Unknown)));
        Assert.Equal("Redis", StoreUnavailableExceptionHandler.UnavailableStore(new RedisTimeoutException(CommandFlags.None, "slow", CommandStatus.Sent)));
    }

    [Fact]
    public void A_mongodb_connection_failure_is_mongodb()
    {
        var failure = new MongoConnectionException(new ConnectionId(new MongoDB.Driver.Core.Servers.ServerId(new MongoDB.Driver.Core.Clusters.ClusterId(), new System.Net.DnsEndPoint("mongo", 27017))), "down");

        Assert.Equal("MongoDB", StoreUnavailableExceptionHandler.UnavailableStore(failure));
    }

    [Fact]
    public void Bugs_and_other_failures_are_not_a_store_being_down()
    {
        Assert.Null(StoreUnavailableExceptionHandler.UnavailableStore(new InvalidOperationException("a bug")));
        Assert.Null(StoreUnavailableExceptionHandler.UnavailableStore(new TimeoutException("a timeout of our own")));
        Assert.Null(StoreUnavailableExceptionHandler.UnavailableStore(new NpgsqlException("syntax error")));
    }
}

using Npgsql;
using Pulse.Contracts;
using Pulse.Contracts.Privacy;
using Pulse.Ingestor.Erasure;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Privacy;

/// <summary>Redis's part of an erasure on a real three-node Redis Cluster, where keys of different hash tags live in different slots.</summary>
public sealed class RedisErasureClusterTests(RedisClusterServer cluster) : IClassFixture<RedisClusterServer>
{
    private const long User = 7;
    private const long Pseudonym = -77;

    [Fact]
    public async Task Anonymising_ends_the_users_per_caller_keys_and_puts_the_pseudonym_among_a_posts_likers()
    {
        var database = cluster.Connection.GetDatabase();
        var caller = $"user:{User}";
        RedisKey[] callerKeys =
        [
            RedisKeys.EventBudget(RedisKeys.DefaultPartition, caller),
            RedisKeys.CallerBacklog(RedisKeys.DefaultPartition, caller),
            RedisKeys.Sessions.Streams(User),
        ];
        foreach (var key in callerKeys)
        {
            await database.StringSetAsync(key, "1");
        }
        var likers = RedisKeys.PostLikers(RedisKeys.DefaultPartition, 100);
        await database.SetAddAsync(likers, [User, 8]);
        // Anonymising reads nothing from PostgreSQL: a data source that is never opened is enough.
        await using var unused = NpgsqlDataSource.Create("Host=unused.invalid");
        var job = new ErasureJobRun(1, User, ErasureModes.Anonymise, "admin", ErasureSteps.Redis, 0, Pseudonym, ErasureReceipt.Parse("{}"));

        await new RedisErasure(cluster.Connection, unused).RunAsync(job, TestContext.Current.CancellationToken);

        foreach (var key in callerKeys)
        {
            Assert.False(await database.KeyExistsAsync(key), $"{key} is still there");
        }
        Assert.Equal(["-77", "8"], (await database.SetMembersAsync(likers)).Select(member => member.ToString()).Order(StringComparer.Ordinal));
        Assert.Contains("\"callerKeys\":3", job.Receipt.ToJson(), StringComparison.Ordinal);
        Assert.Contains("\"likes\":1", job.Receipt.ToJson(), StringComparison.Ordinal);
    }
}

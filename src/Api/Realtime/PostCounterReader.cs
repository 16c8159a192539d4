using Pulse.Contracts;
using Pulse.Contracts.Realtime;
using StackExchange.Redis;

namespace Pulse.Api.Realtime;

/// <summary>Reads posts' real-time counters: one pipelined round trip for any number of posts.</summary>
public sealed class PostCounterReader(IConnectionMultiplexer redis)
{
    private const string Partition = RedisKeys.DefaultPartition;

    private static readonly RedisValue[] Fields =
    [
        RedisKeys.CounterFields.Views,
        RedisKeys.CounterFields.Likes,
        RedisKeys.CounterFields.Comments,
        RedisKeys.CounterFields.Shares,
    ];

    public async Task<IReadOnlyList<PostCounters>> ReadAsync(IReadOnlyList<long> postIds, CancellationToken cancellationToken)
    {
        var batch = redis.GetDatabase().CreateBatch();
        var reads = new Task<RedisValue[]>[postIds.Count];
        for (var i = 0; i < postIds.Count; i++)
        {
            reads[i] = batch.HashGetAsync(RedisKeys.PostCounters(Partition, postIds[i]), Fields);
        }
        batch.Execute();
        var answers = await Task.WhenAll(reads).WaitAsync(cancellationToken);

        var counters = new PostCounters[postIds.Count];
        for (var i = 0; i < postIds.Count; i++)
        {
            var values = answers[i];
            counters[i] = new PostCounters(postIds[i], Count(values[0]), Count(values[1]), Count(values[2]), Count(values[3]));
        }
        return counters;
    }

    private static long Count(RedisValue value) => value.IsNull ? 0 : (long)value;
}

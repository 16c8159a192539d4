using System.Globalization;
using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Pipeline.Scripts;
using StackExchange.Redis;

namespace Pulse.Api.Realtime;

/// <summary>A post and its trending score (decayed to now, or summed over a window).</summary>
public readonly record struct TrendingScore(long PostId, double Score);

/// <summary>Reads the top of a trending board in one Redis round trip.</summary>
public sealed class TrendingBoard(IConnectionMultiplexer redis, IOptions<RealtimeOptions> options, TimeProvider time)
{
    private const string Partition = RedisKeys.DefaultPartition;

    private static readonly RedisScript TopOfWindow = RedisScript.Beside<TrendingBoard>("TopOfWindow.lua");

    private readonly RealtimeOptions settings = options.Value;
    private readonly TrendingDecay decay = new(options.Value.TrendingHalfLife);

    public Task<IReadOnlyList<TrendingScore>> TopAsync(TrendingWindow window, int limit, CancellationToken cancellationToken) =>
        window == TrendingWindow.Decay
            ? TopDecayedAsync(limit, cancellationToken)
            : TopOfWindowAsync(window, limit, cancellationToken);

    private async Task<IReadOnlyList<TrendingScore>> TopDecayedAsync(int limit, CancellationToken cancellationToken)
    {
        var batch = redis.GetDatabase().CreateBatch();
        var top = batch.SortedSetRangeByRankWithScoresAsync(RedisKeys.TrendingDecay(Partition), 0, limit - 1, Order.Descending);
        var epoch = batch.StringGetAsync(RedisKeys.TrendingEpoch(Partition));
        batch.Execute();
        await Task.WhenAll(top, epoch).WaitAsync(cancellationToken);

        if (epoch.Result.IsNull)
        {
            return [];
        }
        var epochMs = (long)epoch.Result;
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        return [.. top.Result.Select(entry => new TrendingScore(PostId(entry.Element), decay.ValueNow(entry.Score, epochMs, nowMs)))];
    }

    private async Task<IReadOnlyList<TrendingScore>> TopOfWindowAsync(TrendingWindow window, int limit, CancellationToken cancellationToken)
    {
        var buckets = window.Buckets(time.GetUtcNow());
        var keys = new RedisKey[buckets.Count + 1];
        var values = new RedisValue[buckets.Count + 2];
        keys[0] = RedisKeys.TrendingWindow(Partition, window.Name());
        values[0] = (long)settings.WindowCacheDuration.TotalMilliseconds;
        values[1] = limit;
        for (var i = 0; i < buckets.Count; i++)
        {
            keys[i + 1] = RedisKeys.TrendingHour(Partition, buckets[i].UnixHour);
            values[i + 2] = buckets[i].Weight.ToString("R", CultureInfo.InvariantCulture);
        }

        var result = (RedisResult[])(await TopOfWindow.EvaluateAsync(redis.GetDatabase(), keys, values).WaitAsync(cancellationToken))!;
        var top = new TrendingScore[result.Length / 2];
        for (var i = 0; i < top.Length; i++)
        {
            top[i] = new TrendingScore(PostId((RedisValue)result[2 * i]), (double)result[2 * i + 1]);
        }
        return top;
    }

    private static long PostId(RedisValue member) => long.Parse(member.ToString(), CultureInfo.InvariantCulture);
}

using Pulse.Contracts.Status;
using StackExchange.Redis;

namespace Pulse.Api.Status;

public sealed class RedisProbe(IConnectionMultiplexer redis) : IStoreProbe
{
    public string Store => StoreNames.Redis;

    public async Task<StoreStatus> ProbeAsync(CancellationToken cancellationToken)
    {
        // PING carries no CancellationToken in StackExchange.Redis; StatusReporter bounds it with WaitAsync.
        var latency = await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
        return new StoreStatus(Store, StoreState.Up, latency.TotalMilliseconds, null);
    }
}

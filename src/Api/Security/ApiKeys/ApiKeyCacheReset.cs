namespace Pulse.Api.Security.ApiKeys;

/// <summary>
/// At start, makes the next key lookup load PostgreSQL afresh: the migration step runs before the
/// Api and may have added a bootstrap key (a new <c>pulse-admin-key</c>), which the cache of active
/// keys would otherwise not show until it expires. Redis being away at start does not stop the Api.
/// </summary>
public sealed class ApiKeyCacheReset(ApiKeyStore keys, ILogger<ApiKeyCacheReset> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Once per start: a trace of its own, named for what it does.
        using var span = ApiActivitySource.Instance.StartActivity("reset API key cache");
        try
        {
            await keys.ResetCacheAsync().WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            span?.AddException(exception);
            logger.LogWarning(exception, "Could not reset the API key cache at start; it is rebuilt when it expires");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

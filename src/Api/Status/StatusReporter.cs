using Microsoft.Extensions.Options;
using Pulse.Contracts.Status;

namespace Pulse.Api.Status;

/// <summary>Probes every store at once, each bounded by the same timeout, and reports them together.</summary>
public sealed class StatusReporter(IEnumerable<IStoreProbe> probes, IOptions<StatusOptions> options, TimeProvider time, ILogger<StatusReporter> logger)
{
    public async Task<SystemStatus> CheckAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(options.Value.ProbeTimeoutMs);
        var stores = await Task.WhenAll(probes.Select(probe => ProbeAsync(probe, timeout, cancellationToken)));
        return new SystemStatus(stores, time.GetUtcNow());
    }

    private async Task<StoreStatus> ProbeAsync(IStoreProbe probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            return await probe.ProbeAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new StoreStatus(probe.Store, StoreState.Down, null, $"No answer within {timeout.TotalMilliseconds:0} ms.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Status probe of {Store} failed", probe.Store);
            return new StoreStatus(probe.Store, StoreState.Down, null, exception.Message);
        }
    }
}

using System.Collections.Concurrent;

namespace Pulse.Web.Services.Api;

/// <summary>
/// Identical reads in flight at the same moment share one request to the Api. Every viewer reads
/// through the Web's one admin key, so the answer is the same for all, and a trending push makes
/// every open page ask for the same data at once: N open dashboards cost the Api (and the key's
/// rate limit) one request per push, not N. Nothing is kept after the answer: no staleness.
/// </summary>
public sealed class InFlightReads
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> inFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// Joins the read of <paramref name="key"/> in flight, or starts it. The read itself is not
    /// cancelled by any one caller (others wait for it); <paramref name="cancellationToken"/>
    /// ends only this caller's wait.
    /// </summary>
    public Task<T> ShareAsync<T>(string key, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Lazy<Task>? started = null;
        var entry = inFlight.GetOrAdd(typeof(T).FullName + " " + key,
            _ => started = new Lazy<Task>(read, LazyThreadSafetyMode.ExecutionAndPublication));
        var task = (Task<T>)entry.Value;
        if (ReferenceEquals(entry, started))
        {
            var fullKey = typeof(T).FullName + " " + key;
            task.ContinueWith(_ => inFlight.TryRemove(KeyValuePair.Create(fullKey, entry)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return task.WaitAsync(cancellationToken);
    }
}

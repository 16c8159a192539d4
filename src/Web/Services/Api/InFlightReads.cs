using System.Collections.Concurrent;
using Pulse.Web.Security;

namespace Pulse.Web.Services.Api;

/// <summary>
/// Identical reads in flight at the same moment share one request to the Api: a trending push makes
/// every open page ask for the same data at once, and a person with several tabs open costs the Api
/// one request per push, not one per tab. Reads are identical only when made with the same session
/// token: the Api answers each person by their own role and budget, so one person's answer (or
/// refusal) is never handed to another. Nothing is kept after the answer: no staleness.
/// </summary>
public sealed class InFlightReads
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> inFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// Joins the read of <paramref name="uri"/> with <paramref name="token"/> (null: no session) in
    /// flight, or starts it. The read itself is not cancelled by any one caller (others wait for it);
    /// <paramref name="cancellationToken"/> ends only this caller's wait.
    /// </summary>
    public Task<T> ShareAsync<T>(string? token, string uri, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // The token's hash, not the token: the key says whose read it is without holding the secret.
        var key = $"{typeof(T).FullName} {(token is null ? "-" : EndedSessions.Hash(token))} {uri}";
        Lazy<Task>? started = null;
        var entry = inFlight.GetOrAdd(key, _ => started = new Lazy<Task>(read, LazyThreadSafetyMode.ExecutionAndPublication));
        var task = (Task<T>)entry.Value;
        if (ReferenceEquals(entry, started))
        {
            task.ContinueWith(_ => inFlight.TryRemove(KeyValuePair.Create(key, entry)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return task.WaitAsync(cancellationToken);
    }
}

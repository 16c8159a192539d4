namespace Pulse.Ingestor.Streams;

/// <summary>
/// Every entry of a batch, tried one by one, failed with the same error: the store refuses
/// everything alike (a fault of the store no rule named), so no entry is to blame.
/// </summary>
public sealed class StoreFaultException(string message, Exception cause) : Exception(message, cause)
{
    /// <summary>
    /// The store's fault when <paramref name="errors"/> hold one failure per entry of a batch of at
    /// least two, all of one type and message, none of them a fault of its event; else null. One
    /// entry alone cannot tell a bad store from a bad event: it is counted against the entry.
    /// </summary>
    public static StoreFaultException? Of(int entries, IEnumerable<Exception> errors, Func<Exception, bool> isEntryFault)
    {
        var all = errors.ToList();
        if (entries < 2 || all.Count != entries || all.Any(isEntryFault))
        {
            return null;
        }
        var first = all[0];
        return all.All(error => error.GetType() == first.GetType() && error.Message == first.Message)
            ? new StoreFaultException($"The store refused each of {entries} entries alike: {first.Message}", first)
            : null;
    }
}

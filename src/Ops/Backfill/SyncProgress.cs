namespace Pulse.Ops.Backfill;

/// <summary>
/// Reports on the caller's thread, in order (unlike <see cref="Progress{T}"/>, which posts each
/// report to the thread pool, so a late report can overwrite the final one).
/// </summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

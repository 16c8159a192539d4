using System.Collections.Concurrent;

namespace Pulse.Ingestor.Streams;

/// <summary>What each group's consumer loop last managed, for the health check.</summary>
public sealed class ConsumerHealth(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, GroupHealth> groups = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, GroupHealth> Groups => groups;

    public void Expect(string group) => groups.TryAdd(group, new GroupHealth(null, null));

    public void RecordSuccess(string group) => groups[group] = new GroupHealth(time.GetUtcNow(), null);

    public void RecordFailure(string group, string error) =>
        groups.AddOrUpdate(group, _ => new GroupHealth(null, error), (_, previous) => previous with { LastError = error });
}

/// <param name="LastSuccess">When the group's loop last completed a round trip.</param>
/// <param name="LastError">The error of its latest round trip, null once one succeeded again.</param>
public sealed record GroupHealth(DateTimeOffset? LastSuccess, string? LastError);

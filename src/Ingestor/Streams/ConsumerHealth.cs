using System.Collections.Concurrent;

namespace Pulse.Ingestor.Streams;

/// <summary>What each group's consumer loop last managed, for the health check.</summary>
public sealed class ConsumerHealth(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, GroupHealth> groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> unserved = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, GroupHealth> Groups => groups;

    /// <summary>Groups this replica has no sink for, and why: other replicas must serve them.</summary>
    public IReadOnlyDictionary<string, string> Unserved => unserved;

    public void Expect(string group) => groups.TryAdd(group, new GroupHealth(null, null));

    public void RecordSuccess(string group) => groups[group] = new GroupHealth(time.GetUtcNow(), null);

    public void RecordFailure(string group, string error) =>
        groups.AddOrUpdate(group, _ => new GroupHealth(null, error), (_, previous) => previous with { LastError = error, Held = null });

    /// <summary>The group is paused or retired by an operator: this replica does not read it.</summary>
    public void RecordHeld(string group, string decision) =>
        groups.AddOrUpdate(group, _ => new GroupHealth(null, null, decision), (_, previous) => previous with { LastError = null, Held = decision });

    public void RecordUnserved(string group, string reason) => unserved[group] = reason;

    /// <summary>The group was retired: nobody needs to serve it.</summary>
    public void ForgetUnserved(string group) => unserved.TryRemove(group, out _);
}

/// <param name="LastSuccess">When the group's loop last completed a round trip.</param>
/// <param name="LastError">The error of its latest round trip, null once one succeeded again.</param>
/// <param name="Held">The operator's decision that keeps this replica from reading the group, while it holds.</param>
public sealed record GroupHealth(DateTimeOffset? LastSuccess, string? LastError, string? Held = null);

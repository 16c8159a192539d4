using System.Text.Json;

namespace Pulse.Ingestor.Erasure;

/// <summary>Per store, what an erasure deleted or changed, by what: the job's receipt, as JSON in <c>erasure_jobs.receipt</c>.</summary>
public sealed class ErasureReceipt
{
    private readonly SortedDictionary<string, SortedDictionary<string, long>> stores;

    private ErasureReceipt(SortedDictionary<string, SortedDictionary<string, long>> stores) => this.stores = stores;

    public static ErasureReceipt Parse(string json) =>
        new(JsonSerializer.Deserialize<SortedDictionary<string, SortedDictionary<string, long>>>(json) ?? new(StringComparer.Ordinal));

    /// <summary>Adds to what a store already counted: a step run again after a crash counts what it found then.</summary>
    public void Add(string store, string what, long count)
    {
        if (!stores.TryGetValue(store, out var counts))
        {
            stores[store] = counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        }
        counts[what] = counts.GetValueOrDefault(what) + count;
    }

    public string ToJson() => JsonSerializer.Serialize(stores);
}

namespace Pulse.Data.Seeding;

/// <summary>Walker's alias method: draws index i with probability weights[i] / sum, in constant time.</summary>
internal sealed class AliasTable
{
    private readonly double[] probability;
    private readonly int[] alias;

    public AliasTable(IReadOnlyList<double> weights)
    {
        var count = weights.Count;
        if (count == 0)
        {
            throw new ArgumentException("At least one weight is needed.", nameof(weights));
        }
        var sum = weights.Sum();
        probability = new double[count];
        alias = new int[count];
        var scaled = weights.Select(weight => weight * count / sum).ToArray();
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = count - 1; i >= 0; i--)
        {
            (scaled[i] < 1 ? small : large).Push(i);
        }
        while (small.Count > 0 && large.Count > 0)
        {
            var less = small.Pop();
            var more = large.Pop();
            probability[less] = scaled[less];
            alias[less] = more;
            scaled[more] = scaled[more] + scaled[less] - 1;
            (scaled[more] < 1 ? small : large).Push(more);
        }
        foreach (var rest in small.Concat(large))
        {
            probability[rest] = 1;
        }
    }

    public int Count => probability.Length;

    public int Sample(Random random)
    {
        var column = random.Next(probability.Length);
        return random.NextDouble() < probability[column] ? column : alias[column];
    }
}

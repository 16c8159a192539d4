using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace Pulse.LoadGen.Benchmarks;

/// <summary>What <c>EXPLAIN (ANALYZE, BUFFERS)</c> says of one statement, in brief.</summary>
/// <param name="TopNodes">The plan's first nodes, outermost first, e.g. "Limit > Sort > WindowAgg".</param>
/// <param name="ScanNodes">The scans that read tables, e.g. "Index Only Scan on post_daily_stats".</param>
public sealed record QueryPlan(double ExecutionMs, long SharedHitBlocks, long SharedReadBlocks, string TopNodes, string ScanNodes)
{
    /// <summary>Runs every statement of <paramref name="batch"/> under EXPLAIN and sums them.</summary>
    public static async Task<QueryPlan> ExplainAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        foreach (var command in batch.BatchCommands)
        {
            command.CommandText = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + command.CommandText;
        }

        var plans = new List<QueryPlan>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        do
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                using var document = JsonDocument.Parse(reader.GetString(0));
                plans.Add(Parse(document.RootElement[0]));
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return new QueryPlan(
            plans.Sum(plan => plan.ExecutionMs),
            plans.Sum(plan => plan.SharedHitBlocks),
            plans.Sum(plan => plan.SharedReadBlocks),
            string.Join(" | ", plans.Select(plan => plan.TopNodes)),
            string.Join(", ", plans.Select(plan => plan.ScanNodes).Where(scans => scans.Length > 0).Distinct()));
    }

    private static QueryPlan Parse(JsonElement explained)
    {
        var plan = explained.GetProperty("Plan");
        var top = new List<string>();
        for (var node = plan; top.Count < 3; node = node.GetProperty("Plans")[0])
        {
            top.Add(node.GetProperty("Node Type").GetString()!);
            if (!node.TryGetProperty("Plans", out _))
            {
                break;
            }
        }

        var scans = new SortedSet<string>(StringComparer.Ordinal);
        CollectScans(plan, scans);
        return new QueryPlan(
            explained.GetProperty("Execution Time").GetDouble(),
            plan.GetProperty("Shared Hit Blocks").GetInt64(),
            plan.GetProperty("Shared Read Blocks").GetInt64(),
            string.Join(" > ", top),
            string.Join(", ", scans));
    }

    private static void CollectScans(JsonElement node, SortedSet<string> scans)
    {
        if (node.TryGetProperty("Relation Name", out var relation))
        {
            var index = node.TryGetProperty("Index Name", out var name) ? $" ({name.GetString()})" : "";
            scans.Add(string.Create(CultureInfo.InvariantCulture, $"{node.GetProperty("Node Type").GetString()} on {relation.GetString()}{index}"));
        }
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                CollectScans(child, scans);
            }
        }
    }
}

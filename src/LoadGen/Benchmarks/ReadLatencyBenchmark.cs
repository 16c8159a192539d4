namespace Pulse.LoadGen.Benchmarks;

/// <summary>
/// Read latencies through the Api, as a dashboard sees them: trending boards, the PostgreSQL
/// analytics, the live activity and the overview report. The report is measured twice: built
/// anew on every request (<c>fresh=true</c>, an admin-only flag that skips the cache read: the cost
/// of a build, which the 100 ms target is about) and as most requests get it, from the Redis cache.
/// </summary>
public sealed class ReadLatencyBenchmark(HttpClient api)
{
    public static readonly IReadOnlyList<(string Name, string Path)> Reads =
    [
        ("trending, decay, top 10", "/api/trending?window=decay&limit=10"),
        ("trending, 1h, top 10", "/api/trending?window=1h&limit=10"),
        ("trending, 24h, top 10", "/api/trending?window=24h&limit=10"),
        ("top posts, 7 days", "/api/analytics/posts/top?days=7&limit=10"),
        ("daily engagement, 30 days", "/api/analytics/daily?days=30"),
        ("author leaderboard, 30 days", "/api/analytics/authors/leaderboard?days=30&limit=20"),
        ("event activity, 60 minutes", "/api/realtime/activity?minutes=60"),
        ("overview report, 7 days, built fresh", "/api/reports/overview?days=7&fresh=true"),
        ("overview report, 7 days, from the cache", "/api/reports/overview?days=7"),
    ];

    public async Task<IReadOnlyList<(string Name, LatencySample Latency)>> MeasureAsync(int reads, CancellationToken cancellationToken)
    {
        var results = new List<(string, LatencySample)>();
        foreach (var (name, path) in Reads)
        {
            for (var i = 0; i < 10; i++)
            {
                using var warmUp = await api.GetAsync(path, cancellationToken);
                warmUp.EnsureSuccessStatusCode();
            }
            var latencies = new double[reads];
            for (var i = 0; i < reads; i++)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                using var response = await api.GetAsync(path, cancellationToken);
                response.EnsureSuccessStatusCode();
                latencies[i] = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            results.Add((name, new LatencySample(latencies)));
        }
        return results;
    }
}

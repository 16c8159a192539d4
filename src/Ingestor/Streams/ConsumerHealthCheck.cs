using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// Healthy once every group's consumer has joined its group and its latest round trip succeeded.
/// A group whose store is away leaves the others consuming (each group has its own sink), so while
/// another group still consumes the Ingestor is Degraded, naming the failing group; it is Unhealthy
/// only when no group consumes, or one has not joined yet.
/// </summary>
public sealed class ConsumerHealthCheck(ConsumerHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var groups = health.Groups;
        var data = groups.ToDictionary(pair => pair.Key, pair => (object)(pair.Value.LastError ?? $"last read at {pair.Value.LastSuccess:O}"));
        if (groups.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("No consumer group is running.", data: data));
        }

        var failing = groups.Where(pair => pair.Value.LastError is not null).Select(pair => $"{pair.Key}: {pair.Value.LastError}").ToList();
        var waiting = groups.Where(pair => pair.Value is { LastSuccess: null, LastError: null }).Select(pair => pair.Key).ToList();
        var consuming = groups.Count - failing.Count - waiting.Count;
        if (failing.Count == 0 && waiting.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"Consuming as {string.Join(", ", groups.Keys.Order(StringComparer.Ordinal))}.", data));
        }

        List<string> problems = [];
        if (failing.Count > 0)
        {
            problems.Add($"Consumer groups failing: {string.Join("; ", failing)}.");
        }
        if (waiting.Count > 0)
        {
            problems.Add($"Consumer groups not joined yet: {string.Join(", ", waiting)}.");
        }
        var status = waiting.Count == 0 && consuming > 0 ? HealthStatus.Degraded : HealthStatus.Unhealthy;
        return Task.FromResult(new HealthCheckResult(status, string.Join(" ", problems), data: data));
    }
}

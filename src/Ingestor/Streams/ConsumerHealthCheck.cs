using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// Healthy once every group's consumer has joined its group and its latest round trip succeeded.
/// A group whose store is away leaves the others consuming (each group has its own sink), so while
/// another group still consumes the Ingestor is Degraded, naming the failing group; so it is while
/// an operator holds a group (paused or retired) or this replica cannot serve one of Pulse's groups
/// others must. It is Unhealthy only when a group fails and none consumes, or one has not joined yet.
/// </summary>
public sealed class ConsumerHealthCheck(ConsumerHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var groups = health.Groups;
        var data = groups.ToDictionary(pair => pair.Key, pair => (object)(pair.Value.LastError ?? pair.Value.Held ?? $"last read at {pair.Value.LastSuccess:O}"));
        foreach (var (group, reason) in health.Unserved)
        {
            data[group] = reason;
        }
        if (groups.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("No consumer group is running.", data: data));
        }

        var failing = groups.Where(pair => pair.Value.LastError is not null).Select(pair => $"{pair.Key}: {pair.Value.LastError}").ToList();
        var waiting = groups.Where(pair => pair.Value is { LastSuccess: null, LastError: null, Held: null }).Select(pair => pair.Key).ToList();
        var held = groups.Where(pair => pair.Value is { Held: not null, LastError: null }).Select(pair => $"{pair.Key}: {pair.Value.Held}")
            .Concat(health.Unserved.Select(pair => $"{pair.Key}: {pair.Value}"))
            .Order(StringComparer.Ordinal).ToList();
        var consuming = groups.Where(pair => pair.Value is { LastError: null, Held: null, LastSuccess: not null }).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
        if (failing.Count == 0 && waiting.Count == 0 && held.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"Consuming as {string.Join(", ", consuming)}.", data));
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
        if (held.Count > 0)
        {
            problems.Add($"Not consumed here: {string.Join("; ", held)}.");
        }
        var status = waiting.Count > 0 || (failing.Count > 0 && consuming.Count == 0) ? HealthStatus.Unhealthy : HealthStatus.Degraded;
        return Task.FromResult(new HealthCheckResult(status, string.Join(" ", problems), data: data));
    }
}

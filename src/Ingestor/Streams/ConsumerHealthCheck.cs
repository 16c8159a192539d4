using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pulse.Ingestor.Streams;

/// <summary>
/// Healthy once every group's consumer has joined its group and its latest round trip succeeded;
/// degraded (still ready) while an operator holds a group or this replica cannot serve a group
/// others must; unhealthy while a group fails or has not joined yet.
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
        var failing = groups.Where(pair => pair.Value.LastError is not null).Select(pair => $"{pair.Key}: {pair.Value.LastError}").ToList();
        var waiting = groups.Where(pair => pair.Value is { LastSuccess: null, LastError: null, Held: null }).Select(pair => pair.Key).ToList();
        var held = groups.Where(pair => pair.Value.Held is not null).Select(pair => $"{pair.Key}: {pair.Value.Held}")
            .Concat(health.Unserved.Select(pair => $"{pair.Key}: {pair.Value}"))
            .Order(StringComparer.Ordinal).ToList();
        var consuming = groups.Where(pair => pair.Value.Held is null).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();

        var result = (groups.Count, failing.Count, waiting.Count, held.Count) switch
        {
            (0, _, _, _) => HealthCheckResult.Unhealthy("No consumer group is running.", data: data),
            (_, > 0, _, _) => HealthCheckResult.Unhealthy($"Consumer groups failing: {string.Join("; ", failing)}", data: data),
            (_, _, > 0, _) => HealthCheckResult.Unhealthy($"Consumer groups not joined yet: {string.Join(", ", waiting)}", data: data),
            (_, _, _, > 0) => HealthCheckResult.Degraded($"Consuming as {Names(consuming)}; not consumed here: {string.Join("; ", held)}.", data: data),
            _ => HealthCheckResult.Healthy($"Consuming as {Names(consuming)}.", data),
        };
        return Task.FromResult(result);
    }

    private static string Names(List<string> groups) => groups.Count == 0 ? "no group" : string.Join(", ", groups);
}

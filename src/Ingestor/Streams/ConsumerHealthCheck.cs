using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pulse.Ingestor.Streams;

/// <summary>Healthy once every group's consumer has joined its group and its latest round trip succeeded.</summary>
public sealed class ConsumerHealthCheck(ConsumerHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var groups = health.Groups;
        var data = groups.ToDictionary(pair => pair.Key, pair => (object)(pair.Value.LastError ?? $"last read at {pair.Value.LastSuccess:O}"));
        var failing = groups.Where(pair => pair.Value.LastError is not null).Select(pair => $"{pair.Key}: {pair.Value.LastError}").ToList();
        var waiting = groups.Where(pair => pair.Value is { LastSuccess: null, LastError: null }).Select(pair => pair.Key).ToList();

        var result = (groups.Count, failing.Count, waiting.Count) switch
        {
            (0, _, _) => HealthCheckResult.Unhealthy("No consumer group is running.", data: data),
            (_, > 0, _) => HealthCheckResult.Unhealthy($"Consumer groups failing: {string.Join("; ", failing)}", data: data),
            (_, _, > 0) => HealthCheckResult.Unhealthy($"Consumer groups not joined yet: {string.Join(", ", waiting)}", data: data),
            _ => HealthCheckResult.Healthy($"Consuming as {string.Join(", ", groups.Keys.Order(StringComparer.Ordinal))}.", data),
        };
        return Task.FromResult(result);
    }
}

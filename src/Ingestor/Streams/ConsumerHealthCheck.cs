using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pulse.Ingestor.Streams;

/// <summary>Healthy once the consumer has joined its group and its latest round trip succeeded.</summary>
public sealed class ConsumerHealthCheck(ConsumerHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = (health.LastSuccess, health.LastError) switch
        {
            (_, { } error) => HealthCheckResult.Unhealthy($"Event stream consumer is failing: {error}"),
            (null, null) => HealthCheckResult.Unhealthy("Event stream consumer has not joined its group yet."),
            ({ } success, null) => HealthCheckResult.Healthy($"Event stream consumer last read at {success:O}."),
        };
        return Task.FromResult(result);
    }
}

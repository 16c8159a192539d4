using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.Ingestor.Streams;

namespace Pulse.UnitTests.Ingestor;

public class ConsumerHealthCheckTests
{
    [Fact]
    public async Task Unhealthy_until_the_consumer_has_read_once()
    {
        var health = new ConsumerHealth(TimeProvider.System);

        var result = await Check(health);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("not joined", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthy_after_a_successful_read()
    {
        var health = new ConsumerHealth(TimeProvider.System);
        health.RecordSuccess();

        var result = await Check(health);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.NotNull(health.LastSuccess);
    }

    [Fact]
    public async Task A_failure_after_success_makes_it_unhealthy_until_the_next_success()
    {
        var health = new ConsumerHealth(TimeProvider.System);
        health.RecordSuccess();
        health.RecordFailure("READONLY You can't write against a read only replica.");

        var failing = await Check(health);
        health.RecordSuccess();
        var recovered = await Check(health);

        Assert.Equal(HealthStatus.Unhealthy, failing.Status);
        Assert.Contains("READONLY", failing.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, recovered.Status);
    }

    private static Task<HealthCheckResult> Check(ConsumerHealth health) =>
        new ConsumerHealthCheck(health).CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("consumer", _ => null!, null, null),
        }, TestContext.Current.CancellationToken);
}

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.Contracts;
using Pulse.Ingestor.Streams;

namespace Pulse.UnitTests.Ingestor;

public class ConsumerHealthCheckTests
{
    private const string Aggregates = EventStreamNames.Groups.Aggregates;
    private const string EventLog = EventStreamNames.Groups.EventLog;

    [Fact]
    public async Task Unhealthy_while_no_group_runs()
    {
        var result = await Check(new ConsumerHealth(TimeProvider.System));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("No consumer group", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_until_every_group_has_read_once()
    {
        var health = new ConsumerHealth(TimeProvider.System);
        health.Expect(Aggregates);
        health.Expect(EventLog);
        health.RecordSuccess(Aggregates);

        var result = await Check(health);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains($"not joined yet: {EventLog}", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthy_after_every_group_read()
    {
        var health = new ConsumerHealth(TimeProvider.System);
        health.Expect(Aggregates);
        health.RecordSuccess(Aggregates);

        var result = await Check(health);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.NotNull(health.Groups[Aggregates].LastSuccess);
    }

    [Fact]
    public async Task A_failing_group_beside_a_consuming_one_makes_it_degraded_until_its_next_success()
    {
        var health = new ConsumerHealth(TimeProvider.System);
        health.RecordSuccess(Aggregates);
        health.RecordSuccess(EventLog);
        health.RecordFailure(Aggregates, "57P01: terminating connection due to administrator command");

        var failing = await Check(health);
        health.RecordSuccess(Aggregates);
        var recovered = await Check(health);

        Assert.Equal(HealthStatus.Degraded, failing.Status);
        Assert.Contains($"{Aggregates}: 57P01", failing.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(EventLog + ":", failing.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, recovered.Status);
    }

    [Fact]
    public async Task Every_group_failing_makes_it_unhealthy_naming_each()
    {
        var health = new ConsumerHealth(TimeProvider.System);
        health.RecordSuccess(Aggregates);
        health.RecordSuccess(EventLog);
        health.RecordFailure(Aggregates, "No connection is active/available to service this operation");
        health.RecordFailure(EventLog, "No connection is active/available to service this operation");

        var result = await Check(health);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains($"{Aggregates}: No connection", result.Description, StringComparison.Ordinal);
        Assert.Contains($"{EventLog}: No connection", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_group_beside_one_not_joined_yet_leaves_it_unhealthy()
    {
        var health = new ConsumerHealth(TimeProvider.System);
        health.Expect(EventLog);
        health.RecordFailure(Aggregates, "57P01: terminating connection due to administrator command");

        var result = await Check(health);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains($"{Aggregates}: 57P01", result.Description, StringComparison.Ordinal);
        Assert.Contains($"not joined yet: {EventLog}", result.Description, StringComparison.Ordinal);
    }

    private static Task<HealthCheckResult> Check(ConsumerHealth health) =>
        new ConsumerHealthCheck(health).CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("consumers", _ => null!, null, null),
        }, TestContext.Current.CancellationToken);
}

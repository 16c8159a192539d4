using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pulse.Api.Status;
using Pulse.Contracts.Status;

namespace Pulse.UnitTests.Api;

public class StatusReporterTests
{
    [Fact]
    public async Task Reports_every_probe_in_registration_order()
    {
        var reporter = Reporter(new AnsweringProbe("postgresql", 1.5), new AnsweringProbe("redis", 0.5));

        var status = await reporter.CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["postgresql", "redis"], status.Stores.Select(store => store.Store));
        Assert.All(status.Stores, store => Assert.Equal(StoreState.Up, store.State));
        Assert.True(status.AllUp);
    }

    [Fact]
    public async Task A_probe_that_does_not_answer_in_time_is_reported_down_without_holding_up_the_others()
    {
        var reporter = Reporter(new HangingProbe("mongodb"), new AnsweringProbe("redis", 0.5), timeoutMs: 100);

        var status = await reporter.CheckAsync(TestContext.Current.CancellationToken);

        var mongo = Assert.Single(status.Stores, store => store.Store == "mongodb");
        Assert.Equal(StoreState.Down, mongo.State);
        Assert.Contains("100 ms", mongo.Detail, StringComparison.Ordinal);
        Assert.Equal(StoreState.Up, Assert.Single(status.Stores, store => store.Store == "redis").State);
        Assert.False(status.AllUp);
    }

    [Fact]
    public async Task A_failing_probe_is_reported_down_with_its_error()
    {
        var reporter = Reporter(new FailingProbe("postgresql", "connection refused"));

        var status = await reporter.CheckAsync(TestContext.Current.CancellationToken);

        var store = Assert.Single(status.Stores);
        Assert.Equal(StoreState.Down, store.State);
        Assert.Equal("connection refused", store.Detail);
        Assert.Null(store.LatencyMs);
    }

    [Fact]
    public async Task Mongo_probe_without_a_database_reports_unavailable_and_why()
    {
        var status = await new MongoProbe().ProbeAsync(TestContext.Current.CancellationToken);

        Assert.Equal(StoreState.Unavailable, status.State);
        Assert.Contains("ConnectionStrings:events", status.Detail, StringComparison.Ordinal);
    }

    private static StatusReporter Reporter(IStoreProbe first, IStoreProbe? second = null, int timeoutMs = 2_000) =>
        new(second is null ? [first] : [first, second],
            Options.Create(new StatusOptions { ProbeTimeoutMs = timeoutMs }),
            TimeProvider.System,
            NullLogger<StatusReporter>.Instance);

    private sealed class AnsweringProbe(string store, double latencyMs) : IStoreProbe
    {
        public string Store => store;

        public Task<StoreStatus> ProbeAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new StoreStatus(store, StoreState.Up, latencyMs, null));
    }

    private sealed class HangingProbe(string store) : IStoreProbe
    {
        public string Store => store;

        public async Task<StoreStatus> ProbeAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class FailingProbe(string store, string error) : IStoreProbe
    {
        public string Store => store;

        public Task<StoreStatus> ProbeAsync(CancellationToken cancellationToken) =>
            Task.FromException<StoreStatus>(new InvalidOperationException(error));
    }
}

using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.Ingestor.Aggregates;
using Pulse.Ingestor.Notifications;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Aggregates;

/// <summary>The aggregates sink assembled as the Ingestor's container does, with metrics the test can read.</summary>
public sealed class SinkParts : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public SinkParts(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        AggregatesMetrics = new AggregatesMetrics(MeterFactory);
        NotificationMetrics = new NotificationMetrics(MeterFactory);
    }

    public IMeterFactory MeterFactory => services.GetRequiredService<IMeterFactory>();

    public TimeProvider Time { get; }

    public AggregatesMetrics AggregatesMetrics { get; }

    public NotificationMetrics NotificationMetrics { get; }

    public AggregatesSink Sink(NpgsqlDataSource dataSource, IConnectionMultiplexer redis) =>
        new(dataSource, Publisher(redis), AggregatesMetrics, NullLogger<AggregatesSink>.Instance);

    public NotificationPublisher Publisher(IConnectionMultiplexer redis) =>
        new(redis, NotificationMetrics, Time, NullLogger<NotificationPublisher>.Instance);

    public void Dispose()
    {
        AggregatesMetrics.Dispose();
        NotificationMetrics.Dispose();
        services.Dispose();
    }
}

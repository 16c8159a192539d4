using Microsoft.Extensions.DependencyInjection.Extensions;
using Pulse.Contracts;
using Pulse.Ingestor.Notifications;
using Pulse.Ingestor.Streams;
using Pulse.ServiceDefaults;
using Pulse.ServiceDefaults.Retention;

namespace Pulse.Ingestor.Aggregates;

public static class AggregatesServiceExtensions
{
    /// <summary>
    /// The PostgreSQL aggregates sink, the pruning of its dedupe table and of its daily and hourly
    /// tables (<c>Pulse:Retention</c>), and the notifications it
    /// publishes (on the Redis client the Ingestor already registers).
    /// </summary>
    public static IHostApplicationBuilder AddAggregates(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(ResourceNames.PulseDatabase);
        // Without PostgreSQL this group waits while the event log goes on: the Ingestor is degraded.
        builder.ServesDegradedWithout(StoreHealthChecks.PostgreSql);
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.AddOptions<AggregatesOptions>()
            .BindConfiguration(AggregatesOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.AddRetentionPolicy();

        builder.Services.AddSingleton<AggregatesMetrics>();
        builder.Services.AddSingleton<NotificationMetrics>();
        builder.Services.AddSingleton<NotificationPublisher>();
        builder.Services.AddSingleton<IEventBatchSink, AggregatesSink>();
        // The pruner keeps the ids of the events this group dead-lettered.
        builder.Services.TryAddSingleton<Pipeline.DeadLetters>();
        builder.Services.AddHostedService<IngestedEventsPruner>();
        builder.Services.AddHostedService<AggregateHistoryPruner>();
        return builder;
    }
}

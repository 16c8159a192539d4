using Pulse.Contracts;
using Pulse.Ingestor.Aggregates;
using Pulse.Ingestor.Erasure;
using Pulse.Ingestor.EventLog;
using Pulse.Ingestor.Streams;
using Pulse.Pipeline;

namespace Pulse.Ingestor.Extensions;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // A Redis that is slow to answer at start-up must not leave the process without Redis for good:
        // the multiplexer keeps reconnecting in the background instead.
        builder.AddRedisClient(
            ResourceNames.Redis,
            // Aspire's check needs admin mode on a Redis Cluster; this one does not (same name).
            configureSettings: settings => settings.DisableHealthChecks = true,
            configureOptions: options => options.AbortOnConnectFail = false);
        builder.AddRedisPrimariesHealthCheck();

        builder.Services.AddOptions<StreamConsumerOptions>()
            .BindConfiguration(StreamConsumerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IngestorMetrics>();
        builder.Services.AddSingleton<ConsumerHealth>();
        builder.Services.AddSingleton<StreamInspector>();
        builder.Services.AddSingleton<DeadLetters>();
        builder.AddAggregates();
        builder.AddEventLog();
        builder.AddErasure();
        builder.Services.AddHostedService<EventStreamConsumers>();
        builder.Services.AddHostedService<StreamMaintenance>();

        builder.Services.AddHealthChecks()
            .AddCheck<ConsumerHealthCheck>("event-stream-consumers");

        return builder;
    }
}

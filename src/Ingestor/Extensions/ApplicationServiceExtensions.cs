using Pulse.Contracts;
using Pulse.Ingestor.Aggregates;
using Pulse.Ingestor.EventLog;
using Pulse.Ingestor.Streams;
using Pulse.Pipeline;

namespace Pulse.Ingestor.Extensions;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient(ResourceNames.Redis);

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
        builder.Services.AddHostedService<EventStreamConsumers>();
        builder.Services.AddHostedService<StreamMaintenance>();

        builder.Services.AddHealthChecks()
            .AddCheck<ConsumerHealthCheck>("event-stream-consumers");

        return builder;
    }
}

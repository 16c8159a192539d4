using Pulse.Contracts;
using Pulse.Ingestor.Aggregates;
using Pulse.Ingestor.Streams;

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

        builder.Services.AddSingleton<IngestorMetrics>();
        builder.Services.AddSingleton<ConsumerHealth>();
        builder.Services.AddSingleton<IEventBatchSink, AcknowledgingSink>();
        builder.Services.AddHostedService<EventStreamConsumer>();
        builder.AddAggregates();

        builder.Services.AddHealthChecks()
            .AddCheck<ConsumerHealthCheck>("event-stream-consumer");

        return builder;
    }
}

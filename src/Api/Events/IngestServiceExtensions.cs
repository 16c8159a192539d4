using Pulse.Pipeline;

namespace Pulse.Api.Events;

public static class IngestServiceExtensions
{
    public static IHostApplicationBuilder AddEventIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>()
            .BindConfiguration(IngestOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.AddSingleton<ReferenceChecker>();
        builder.Services.AddSingleton<EventIngestion>();
        builder.Services.AddSingleton<EventBudgets>();
        builder.Services.AddSingleton<StreamInspector>();
        builder.Services.AddSingleton<DeadLetters>();
        builder.Services.AddSingleton<ConsumerGroupControl>();
        return builder;
    }
}

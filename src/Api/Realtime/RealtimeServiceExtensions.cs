using Pulse.ServiceDefaults.Retention;

namespace Pulse.Api.Realtime;

public static class RealtimeServiceExtensions
{
    /// <summary>The event script, real-time counters, per-minute activity and trending boards (Redis, with post details from PostgreSQL).</summary>
    public static IHostApplicationBuilder AddRealtime(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RealtimeOptions>()
            .BindConfiguration(RealtimeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // How long the event script keeps per-minute counts and trending hour buckets.
        builder.AddRetentionPolicy();

        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<EventRecorder>();
        builder.Services.AddSingleton<PostCounterReader>();
        builder.Services.AddSingleton<TrendingBoard>();
        builder.Services.AddSingleton<EventActivityReader>();
        builder.Services.AddScoped<PostDetailsCache>();
        return builder;
    }
}

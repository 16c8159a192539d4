namespace Pulse.Api.Freshness;

public static class FreshnessServiceExtensions
{
    /// <summary>The aggregates' watermark (<c>GET /api/freshness</c>), its options checked at start-up.</summary>
    public static IHostApplicationBuilder AddFreshness(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FreshnessOptions>()
            .BindConfiguration(FreshnessOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<AggregatesWatermark>();
        return builder;
    }
}

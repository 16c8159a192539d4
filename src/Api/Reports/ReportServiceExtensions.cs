using Pulse.Data.Analytics;

namespace Pulse.Api.Reports;

public static class ReportServiceExtensions
{
    /// <summary>The cross-database reports: their options (checked at start-up), queries, cache and builder.</summary>
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReportOptions>()
            .BindConfiguration(ReportOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<PostStandingsQuery>();
        builder.Services.AddSingleton<PlatformSizeQuery>();
        builder.Services.AddSingleton<EventBreakdownReader>();
        builder.Services.AddSingleton<OverviewReportCache>();
        builder.Services.AddSingleton<OverviewReportBuilder>();
        return builder;
    }
}

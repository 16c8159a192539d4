using Pulse.Contracts.Analytics;

namespace Pulse.Web.Services.Api;

public sealed partial class PulseApiClient
{
    /// <summary><c>GET api/analytics/audience-heatmap?days&amp;tz</c>: the platform's events and active user-hours per local weekday and hour.</summary>
    public Task<ApiResult<AudienceHeatmap>> GetAudienceHeatmapAsync(int days, string timeZone, CancellationToken cancellationToken) =>
        GetAsync<AudienceHeatmap>(Query($"api/analytics/audience-heatmap?days={days}&tz={Uri.EscapeDataString(timeZone)}"), cancellationToken);

    /// <summary><c>GET api/analytics/retention?grain&amp;periods</c>: the retention triangle, ending today.</summary>
    public Task<ApiResult<RetentionReport>> GetRetentionAsync(string grain, int periods, CancellationToken cancellationToken) =>
        GetAsync<RetentionReport>(Query($"api/analytics/retention?grain={Uri.EscapeDataString(grain)}&periods={periods}"), cancellationToken);
}

using Pulse.Contracts.EventLog;

namespace Pulse.Web.Services.Api;

public sealed partial class PulseApiClient
{
    /// <summary>
    /// <c>GET api/analytics/events/funnel</c>: view → like → comment or share. Whole UTC days let
    /// the Api answer from the aggregates when the event log cannot.
    /// </summary>
    public Task<ApiResult<FunnelReport>> GetFunnelAsync(EventQuery query, CancellationToken cancellationToken) =>
        GetAsync<FunnelReport>("api/analytics/events/funnel" + query.ToQueryString(), cancellationToken, eventStore: true);
}

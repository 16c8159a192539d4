using Pulse.Contracts.Pipeline;

namespace Pulse.Web.Services.Api;

public sealed partial class PulseApiClient
{
    /// <summary>
    /// <c>GET api/freshness</c>: until when the PostgreSQL aggregates hold every accepted event.
    /// Read it before the figures it vouches for: they then hold at least that much.
    /// </summary>
    public Task<ApiResult<AggregatesFreshness>> GetAggregatesFreshnessAsync(CancellationToken cancellationToken) =>
        GetAsync<AggregatesFreshness>("api/freshness", cancellationToken);
}

using Pulse.Contracts.Security;

namespace Pulse.Web.Services.Api;

public sealed partial class PulseApiClient
{
    /// <summary>
    /// <c>GET api/admin/audit?before&amp;limit</c>: admin actions, newest first, <paramref name="limit"/>
    /// at a time; pass the page's <see cref="AuditPage.NextBefore"/> as <paramref name="before"/> for older ones. Admins only.
    /// </summary>
    public Task<ApiResult<AuditPage>> GetAuditAsync(long? before, int limit, CancellationToken cancellationToken) =>
        GetAsync<AuditPage>(before is { } cursor
            ? Query($"api/admin/audit?before={cursor}&limit={limit}")
            : Query($"api/admin/audit?limit={limit}"), cancellationToken);
}

using System.Text.Json;
using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Contracts.Reports;
using StackExchange.Redis;

namespace Pulse.Api.Reports;

/// <summary>
/// Built overview reports in Redis, as System.Text.Json (the Api's own web defaults), for
/// <see cref="ReportOptions.CacheDuration"/>: shared by every Api replica, so a dashboard full of
/// viewers builds the report once per period.
/// </summary>
public sealed class OverviewReportCache(IConnectionMultiplexer redis, IOptions<ReportOptions> options)
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <returns>Null when none is cached (or what is cached is not a report this Api can read).</returns>
    public async Task<OverviewReport?> GetAsync(int days, CancellationToken cancellationToken)
    {
        var cached = await redis.GetDatabase().StringGetAsync(RedisKeys.Reports.Overview(days)).WaitAsync(cancellationToken);
        if (cached.IsNull)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<OverviewReport>((byte[])cached!, Json);
        }
        catch (JsonException)
        {
            // Written by an Api of another shape during a rolling deployment: build it again.
            return null;
        }
    }

    public Task SetAsync(OverviewReport report, CancellationToken cancellationToken) =>
        redis.GetDatabase()
            .StringSetAsync(RedisKeys.Reports.Overview(report.Days), JsonSerializer.SerializeToUtf8Bytes(report, Json), options.Value.CacheDuration)
            .WaitAsync(cancellationToken);
}

using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pulse.ServiceDefaults;

/// <summary>
/// Writes a health report as JSON with each check's status and, for those who may read it, its
/// description, so an operator sees which dependency is unhealthy and why, not only "Unhealthy".
/// Descriptions can hold exception texts, hosts and ports: a caller who may not read them gets the
/// states alone.
/// </summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report, bool includeDetails)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        if (!includeDetails)
        {
            var states = new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(entry => entry.Key, entry => new { status = entry.Value.Status.ToString() }),
            };
            return JsonSerializer.SerializeAsync(context.Response.Body, states, JsonOptions, context.RequestAborted);
        }
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString(),
                    description = entry.Value.Description ?? entry.Value.Exception?.Message,
                    durationMs = entry.Value.Duration.TotalMilliseconds,
                }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonOptions, context.RequestAborted);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

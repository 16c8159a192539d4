using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pulse.AppHost.Infrastructure;

/// <summary>
/// Reports what a Pulse service's own <c>/health</c> reports: Healthy, Degraded or Unhealthy.
/// Aspire's <c>WithHttpHealthCheck</c> reads only the status code, and <c>/health</c> answers 200
/// when Degraded as when Healthy, so the dashboard would show a degraded service as healthy.
/// </summary>
/// <param name="address">The endpoint's <c>/health</c> address, known once the service is about to start.</param>
internal sealed class HealthEndpointCheck(HttpClient client, Func<Uri?> address) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (address() is not { } uri)
        {
            return HealthCheckResult.Unhealthy("The service has not started yet.");
        }
        try
        {
            using var response = await client.GetAsync(uri, cancellationToken);
            var reported = await ReadStatusAsync(response, cancellationToken);
            var answer = $"{uri} answered {(int)response.StatusCode} ({reported?.ToString() ?? "no status"})";
            return response.IsSuccessStatusCode
                ? new HealthCheckResult(reported ?? HealthStatus.Healthy, answer)
                : HealthCheckResult.Unhealthy(answer);
        }
        catch (HttpRequestException exception)
        {
            return HealthCheckResult.Unhealthy($"{uri} did not answer: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// The overall <c>status</c> of the JSON report Pulse's services write; null when the body holds
    /// none (problem details, which the Api answers with when Redis is away, hold a numeric one).
    /// </summary>
    private static async Task<HealthStatus?> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var report = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return report.RootElement.ValueKind == JsonValueKind.Object
                && report.RootElement.TryGetProperty("status", out var status)
                && status.ValueKind == JsonValueKind.String
                && Enum.TryParse<HealthStatus>(status.GetString(), ignoreCase: false, out var parsed)
                    ? parsed
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Net.Http.Json;
using Pulse.Contracts.Status;

namespace Pulse.Web.Services;

/// <summary>The Web's typed client for the Pulse Api.</summary>
public sealed class PulseApiClient(HttpClient http)
{
    public async Task<SystemStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        await http.GetFromJsonAsync<SystemStatus>("api/status", cancellationToken)
        ?? throw new InvalidOperationException("The Api answered /api/status with an empty body.");
}

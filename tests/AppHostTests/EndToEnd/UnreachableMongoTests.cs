using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;

namespace Pulse.AppHostTests.EndToEnd;

/// <summary>
/// The whole local stack given a MongoDB nobody answers on: the Api and the Ingestor are Degraded (on
/// the dashboard too), the Web, which waits for the Api to serve, starts and is healthy, and the Api
/// still accepts events.
/// </summary>
public sealed class UnreachableMongoTests
{
    [Fact]
    public async Task The_web_starts_and_is_healthy_while_the_api_is_degraded()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await LocalPulseApp.StartAsync(SeedSettings.NoSeed, activityDays: 0, degraded: [ResourceNames.Api, ResourceNames.Ingestor], cancellationToken,
            $"--ConnectionStrings:{ResourceNames.EventsDatabase}=mongodb://127.0.0.1:{FreePort.Find()}/{DatabaseNames.Events}");

        Assert.True(app.ResourceNotifications.TryGetCurrentState(ResourceNames.Web, out var web), "the Web has no state");
        Assert.True(app.ResourceNotifications.TryGetCurrentState(ResourceNames.Api, out var api), "the Api has no state");
        Assert.Equal((KnownResourceStates.Running, HealthStatus.Healthy), (web.Snapshot.State?.Text, web.Snapshot.HealthStatus));
        Assert.Equal((KnownResourceStates.Running, HealthStatus.Degraded), (api.Snapshot.State?.Text, api.Snapshot.HealthStatus));

        using var apiClient = app.CreateHttpClient(ResourceNames.Api, "http");
        using var health = await apiClient.GetAsync("/health", cancellationToken);
        var report = await health.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        // The one degraded check is the events database's (ServiceDefaults names it after its connection).
        var degraded = Assert.Single(report.GetProperty("checks").EnumerateObject(), check => check.Value.GetProperty("status").GetString() != "Healthy");
        Assert.Equal("Degraded", degraded.Value.GetProperty("status").GetString());
        Assert.EndsWith($".{ResourceNames.EventsDatabase}", degraded.Name, StringComparison.Ordinal);

        apiClient.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, LocalPulseApp.AdminKey);
        var user = await apiClient.PostForAsync<UserResponse>("/api/users", new CreateUserRequest("no_mongo", "No Mongo", "nomongo@example.com", "NL", "password1"));
        using var ingest = await apiClient.PostAsJsonAsync("/api/events",
            new IngestRequest([new IngestEvent(null, "session_start", user.Id, null, null, null, null, null, null)]), cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);

        using var webClient = app.CreateHttpClient(ResourceNames.Web, "http");
        using var webHealth = await webClient.GetAsync("/health", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, webHealth.StatusCode);
    }
}

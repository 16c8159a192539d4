using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.AppHost.Infrastructure;
using Pulse.TestSupport.Servers;

namespace Pulse.AppHostTests.Infrastructure;

/// <summary>
/// The AppHost's reading of a service's <c>/health</c>, against a real HTTP server answering as
/// ServiceDefaults' report writer does: the state it reports, Degraded included, not only its status code.
/// </summary>
public sealed class HealthEndpointCheckTests : IAsyncLifetime
{
    private WebApplication server = null!;
    private (int Code, string Body) answer;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        server = builder.Build();
        server.MapGet(ServiceReadiness.HealthPath, (HttpContext context) =>
        {
            context.Response.StatusCode = answer.Code;
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.WriteAsync(answer.Body);
        });
        await server.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData(200, """{"status":"Healthy","checks":{}}""", HealthStatus.Healthy)]
    [InlineData(200, """{"status":"Degraded","checks":{"MongoDB.Driver.events":{"status":"Degraded"}}}""", HealthStatus.Degraded)]
    [InlineData(503, """{"status":"Unhealthy","checks":{}}""", HealthStatus.Unhealthy)]
    [InlineData(503, """{"title":"Redis is unavailable","status":503}""", HealthStatus.Unhealthy)]
    [InlineData(200, "Healthy", HealthStatus.Healthy)]
    public async Task Reports_the_state_the_service_reports(int code, string body, HealthStatus expected)
    {
        answer = (code, body);

        var result = await CheckAsync(new Uri(Address(), ServiceReadiness.HealthPath));

        Assert.Equal(expected, result.Status);
        Assert.Contains($"answered {code}", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_that_does_not_answer_is_unhealthy()
    {
        var result = await CheckAsync(new Uri($"http://127.0.0.1:{FreePort.Find()}{ServiceReadiness.HealthPath}"));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("did not answer", result.Description, StringComparison.Ordinal);
    }

    private Uri Address() => new(server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());

    private static async Task<HealthCheckResult> CheckAsync(Uri address)
    {
        using var client = new HttpClient();
        return await new HealthEndpointCheck(client, () => address).CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("api_health_endpoint", _ => null!, HealthStatus.Unhealthy, null),
        }, TestContext.Current.CancellationToken);
    }
}

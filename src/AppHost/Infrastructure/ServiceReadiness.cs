using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Pulse.AppHost.Infrastructure;

/// <summary>How the AppHost reads the services' readiness, and waits on it.</summary>
public static class ServiceReadiness
{
    /// <summary>The readiness endpoint every Pulse service maps (ServiceDefaults' <c>MapDefaultEndpoints</c>).</summary>
    public const string HealthPath = "/health";

    private const string HttpClientName = "pulse-health-endpoint";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The resource's health is what its <c>/health</c> on the <c>http</c> endpoint reports,
    /// Degraded included (see <see cref="HealthEndpointCheck"/>). Run mode only, as every AppHost
    /// health check: nothing of it reaches the manifest.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHealthEndpoint(this IResourceBuilder<ProjectResource> project)
    {
        var endpoint = project.GetEndpoint("http");
        Uri? address = null;
        project.OnBeforeResourceStarted((_, _, _) =>
        {
            address = new Uri(new Uri(endpoint.Url), HealthPath);
            return Task.CompletedTask;
        });

        var services = project.ApplicationBuilder.Services;
        // A probe every second while a service is not healthy: its request logs would bury the AppHost's own.
        services.AddHttpClient(HttpClientName).RemoveAllLoggers();
        var key = $"{project.Resource.Name}_health_endpoint";
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            key,
            provider => new HealthEndpointCheck(provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), () => address),
            failureStatus: HealthStatus.Unhealthy,
            tags: null,
            timeout: CheckTimeout));
        return project.WithHealthCheck(key);
    }

    /// <summary>
    /// Starts the resource once <paramref name="dependency"/> serves: Healthy or Degraded. Aspire's
    /// <c>WaitFor</c> holds it back while the dependency is Degraded: it waits for a snapshot whose
    /// health is Healthy (ResourceNotificationService.WaitUntilHealthyAsync), and a resource's
    /// health is the worst of its checks'.
    /// </summary>
    public static IResourceBuilder<T> WaitUntilServing<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport
    {
        // Aspire's own wait for the dependency to start fails this resource when the dependency
        // cannot start. It runs after the wait below, which was subscribed first.
        builder.WaitForStart(dependency);
        return builder.OnBeforeResourceStarted(async (resource, @event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            await notifications.PublishUpdateAsync(resource, snapshot =>
                snapshot.State?.Text is null || snapshot.State.Text == KnownResourceStates.Starting ? snapshot with { State = KnownResourceStates.Waiting } : snapshot);
            logger.LogInformation("Waiting for resource '{Dependency}' to serve (Healthy or Degraded).", dependency.Resource.Name);
            // A dependency that ended is left to Aspire's wait above, which fails this resource.
            await notifications.WaitForResourceAsync(dependency.Resource.Name,
                change => change.Snapshot.HealthStatus is HealthStatus.Healthy or HealthStatus.Degraded
                    || KnownResourceStates.TerminalStates.Contains(change.Snapshot.State?.Text),
                cancellationToken);
            logger.LogInformation("Finished waiting for resource '{Dependency}' to serve.", dependency.Resource.Name);
        });
    }
}

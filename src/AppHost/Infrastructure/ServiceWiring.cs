using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Contracts;

namespace Pulse.AppHost.Infrastructure;

public static class ServiceWiring
{
    /// <summary>
    /// References a store and waits for it where the AppHost runs it. An external store (a
    /// connection string) has no lifetime here to wait for: the services' retries ride out its
    /// hiccups, and their health checks report it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithStore(this IResourceBuilder<ProjectResource> project, IResourceBuilder<IResourceWithConnectionString> store)
    {
        project.WithReference(store);
        return store.Resource is ParameterResource or IResourceWithoutLifetime ? project : project.WaitFor(store);
    }

    /// <summary>References the events database and waits for it, where the AppHost runs one.</summary>
    public static IResourceBuilder<ProjectResource> WithEventsDatabase(this IResourceBuilder<ProjectResource> project, PulseInfrastructure infrastructure)
    {
        if (infrastructure.EventsDatabase is { } events)
        {
            project.WithReference(events);
            if (infrastructure.EventsDatabaseIsManaged)
            {
                project.WaitFor(events);
            }
        }
        return project;
    }

    /// <summary>
    /// Pins the project's <c>http</c> endpoint to a host port developers can bookmark. Run mode only:
    /// a deployment chooses its own ports.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithStableHttpPort(this IResourceBuilder<ProjectResource> project, int port) =>
        project.ApplicationBuilder.ExecutionContext.IsRunMode
            ? project.WithEndpoint("http", endpoint => endpoint.Port = port)
            : project;

    /// <summary>
    /// Passes the AppHost's <c>Pulse:Seed:Scale</c> (and <c>Pulse:Seed:ActivityDays</c>, when set) to
    /// the migration service, which validates it. Run mode only: seed data is a developer convenience,
    /// and a deployment seeds nothing unless its own environment asks for it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSeedScale(this IResourceBuilder<ProjectResource> migrations)
    {
        var builder = migrations.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode)
        {
            return migrations;
        }
        migrations.WithEnvironment(SeedSettings.EnvironmentVariable(SeedSettings.ScaleKey), builder.Configuration[SeedSettings.ScaleKey] ?? SeedSettings.NoSeed);
        if (builder.Configuration[SeedSettings.ActivityDaysKey] is { Length: > 0 } days)
        {
            migrations.WithEnvironment(SeedSettings.EnvironmentVariable(SeedSettings.ActivityDaysKey), days);
        }
        return migrations;
    }

    /// <summary>
    /// Run mode only: tells the migration step whether this stack has an events database, and gives it
    /// Redis, so that a stack without MongoDB retires the <c>eventlog</c> consumer group in the
    /// deployment's name (no replica could ever serve it, and it would hold the stream until the
    /// backlog cap) and one with MongoDB again resumes it. A published stack always has an events
    /// database, and its operators decide about groups themselves.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithEventLogGroupDecision(this IResourceBuilder<ProjectResource> migrations, PulseInfrastructure infrastructure)
    {
        if (!migrations.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return migrations;
        }
        return migrations.WithStore(infrastructure.Redis)
            .WithEnvironment(SeedSettings.EnvironmentVariable(BootstrapSettings.EventsDatabaseKey),
                infrastructure.EventsDatabase is null ? BootstrapSettings.EventsDatabaseAbsent : BootstrapSettings.EventsDatabasePresent);
    }

    /// <summary>Says in the AppHost's log which infrastructure mode runs, and why.</summary>
    public static void LogInfrastructure(this IDistributedApplicationBuilder builder, PulseInfrastructure infrastructure) =>
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pulse.AppHost");
            logger.LogInformation("Infrastructure: {Mode} mode, {Reason}", infrastructure.Choice.Mode, infrastructure.Choice.Reason);
            if (infrastructure.EventsDatabaseNote is { } note)
            {
                logger.LogInformation("{Note}", note);
            }
            return Task.CompletedTask;
        });

    /// <summary>
    /// Run mode only: the Api believes X-Forwarded-For from this machine's loopback, where the Web (and
    /// DCP's proxy in front of the Api) sends from, so that sign-ins through the Web are counted per
    /// browser address rather than as one client. A deployment names its own proxies
    /// (<c>Pulse:Network:KnownNetworks</c>, see docs/operations.md).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLoopbackProxiesTrusted(this IResourceBuilder<ProjectResource> api) =>
        api.ApplicationBuilder.ExecutionContext.IsRunMode
            ? api.WithEnvironment("Pulse__Network__KnownNetworks__0", "127.0.0.0/8").WithEnvironment("Pulse__Network__KnownProxies__0", "::1")
            : api;
}

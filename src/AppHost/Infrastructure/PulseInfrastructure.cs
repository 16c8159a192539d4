using Aspire.Hosting.ApplicationModel;

namespace Pulse.AppHost.Infrastructure;

/// <summary>The three stores the services reference, whichever mode provides them.</summary>
/// <param name="PulseDatabase">PostgreSQL database <c>pulse</c>.</param>
/// <param name="Redis">Redis.</param>
/// <param name="EventsDatabase">MongoDB database <c>pulse_events</c>; null where local mode found none.</param>
/// <param name="EventsDatabaseIsManaged">Whether the AppHost runs that MongoDB (and so can wait for it).</param>
public sealed record PulseInfrastructure(
    InfrastructureChoice Choice,
    IResourceBuilder<IResourceWithConnectionString> PulseDatabase,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString>? EventsDatabase,
    bool EventsDatabaseIsManaged,
    string? EventsDatabaseNote);

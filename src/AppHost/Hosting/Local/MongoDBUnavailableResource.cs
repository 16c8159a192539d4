using Aspire.Hosting.ApplicationModel;

namespace Pulse.AppHost.Hosting.Local;

/// <summary>
/// Stands in the dashboard where MongoDB would be when local mode found none, saying why and what
/// still works. It runs nothing and nothing references it.
/// </summary>
public sealed class MongoDBUnavailableResource(string name, string reason) : Resource(name)
{
    public string Reason { get; } = reason;
}

using Microsoft.Extensions.Configuration;
using Pulse.Contracts;

namespace Pulse.AppHost.Infrastructure;

/// <summary>
/// Which of the three stores are managed services outside the app model (Azure Database for
/// PostgreSQL, Azure Cache for Redis, a MongoDB-compatible service, or any server of one's own),
/// given by connection string in <see cref="IDistributedApplicationBuilder.AddConnectionString(string, string?)"/>
/// style instead of being run by the AppHost.
/// </summary>
/// <remarks>
/// A store is external when <c>Pulse:ExternalStores</c> names it (<c>pulse</c>, <c>redis</c>,
/// <c>events</c>; comma-separated), or, when running, when <c>ConnectionStrings:&lt;name&gt;</c> is
/// set. Published, an external store is a secret connection-string parameter azd asks for.
/// </remarks>
public sealed class ExternalStores
{
    public const string Key = "Pulse:ExternalStores";

    /// <summary>The resource names a store is referenced by, which are also their connection-string names.</summary>
    public static readonly IReadOnlyList<string> Names = [ResourceNames.PulseDatabase, ResourceNames.Redis, ResourceNames.EventsDatabase];

    private readonly HashSet<string> external;

    private ExternalStores(HashSet<string> external) => this.external = external;

    public bool IsExternal(string name) => external.Contains(name);

    public bool Any => external.Count > 0;

    public IEnumerable<string> All => Names.Where(external.Contains);

    public static ExternalStores Read(IConfiguration configuration, bool isPublishMode)
    {
        var named = (configuration[Key] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (named.Except(Names, StringComparer.OrdinalIgnoreCase).ToList() is { Count: > 0 } unknown)
        {
            throw new InfrastructureException(
                $"Configuration '{Key}' names {string.Join(", ", unknown.Select(name => $"'{name}'"))}; the stores are {string.Join(", ", Names)}.");
        }

        var external = new HashSet<string>(Names.Where(named.Contains));
        if (!isPublishMode)
        {
            foreach (var name in Names)
            {
                var connectionString = configuration.GetConnectionString(name);
                if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    external.Add(name);
                }
                else if (external.Contains(name))
                {
                    throw new InfrastructureException(
                        $"'{Key}' makes '{name}' an external store, but ConnectionStrings:{name} is not set. " +
                        $"Set it (user secrets, or the environment variable ConnectionStrings__{name}), or take '{name}' out of '{Key}'.");
                }
            }
        }
        return new ExternalStores(external);
    }
}

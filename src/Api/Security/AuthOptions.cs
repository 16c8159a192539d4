using System.ComponentModel.DataAnnotations;

namespace Pulse.Api.Security;

public sealed class AuthOptions
{
    public const string SectionName = "Pulse:Auth";

    /// <summary>
    /// How long the Redis cache of all active API keys lives before a lookup reloads it from
    /// PostgreSQL. Keys created or revoked through the Api change it at once; a change made in
    /// PostgreSQL by hand shows within this time (or at the Api's next start).
    /// </summary>
    [Range(1, 3600)]
    public int ApiKeyCacheSeconds { get; set; } = 300;
}

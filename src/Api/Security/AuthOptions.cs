using System.ComponentModel.DataAnnotations;

namespace Pulse.Api.Security;

public sealed class AuthOptions
{
    public const string SectionName = "Pulse:Auth";

    /// <summary>
    /// The admin key the AppHost hands out as the secret parameter <c>pulse-admin-key</c>, so the
    /// first keys can be made. Not stored in PostgreSQL; empty means none.
    /// </summary>
    [MinLength(24, ErrorMessage = "Pulse:Auth:BootstrapAdminKey must be at least 24 characters (or empty for none).")]
    public string? BootstrapAdminKey { get; set; }

    /// <summary>How long an API key's lookup is cached in Redis.</summary>
    [Range(1, 3600)]
    public int ApiKeyCacheSeconds { get; set; } = 300;
}

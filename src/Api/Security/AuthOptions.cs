using System.ComponentModel.DataAnnotations;

namespace Pulse.Api.Security;

public sealed class AuthOptions
{
    public const string SectionName = "Pulse:Auth";

    /// <summary>How long an API key's lookup is cached in Redis.</summary>
    [Range(1, 3600)]
    public int ApiKeyCacheSeconds { get; set; } = 300;
}

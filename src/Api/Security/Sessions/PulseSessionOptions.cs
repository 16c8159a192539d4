using System.ComponentModel.DataAnnotations;

namespace Pulse.Api.Security.Sessions;

public sealed class PulseSessionOptions
{
    public const string SectionName = "Pulse:Sessions";

    /// <summary>A session expires after this long without use; every use starts it again.</summary>
    [Range(1, 7 * 24 * 60)]
    public int SlidingExpirationMinutes { get; set; } = 30;

    public TimeSpan SlidingExpiration => TimeSpan.FromMinutes(SlidingExpirationMinutes);
}

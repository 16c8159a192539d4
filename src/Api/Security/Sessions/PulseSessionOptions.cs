using System.ComponentModel.DataAnnotations;

namespace Pulse.Api.Security.Sessions;

public sealed class PulseSessionOptions
{
    public const string SectionName = "Pulse:Sessions";

    /// <summary>A session expires after this long without use; every use starts it again.</summary>
    [Range(1, 7 * 24 * 60)]
    public int SlidingExpirationMinutes { get; set; } = 30;

    /// <summary>A session ends this long after sign-in however often it is used: a stolen token does not live for ever.</summary>
    [Range(1, 30 * 24 * 60)]
    public int AbsoluteLifetimeMinutes { get; set; } = 12 * 60;

    public TimeSpan SlidingExpiration => TimeSpan.FromMinutes(SlidingExpirationMinutes);

    public TimeSpan AbsoluteLifetime => TimeSpan.FromMinutes(AbsoluteLifetimeMinutes);
}

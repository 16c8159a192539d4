using Pulse.Contracts.Events;
using Pulse.Data.Seeding;

namespace Pulse.LoadGen.Traffic;

/// <summary>
/// Device type, OS and browser together, weighted roughly like StatCounter's global shares for social
/// traffic: mostly phones (Android well ahead of iOS), then desktops, a few tablets.
/// </summary>
public static class DeviceMix
{
    public sealed record Profile(string Type, string Os, string Browser, double Weight)
    {
        public EventDevice ToDevice() => new(Type, Os, Browser);
    }

    public const string Mobile = "mobile";
    public const string Desktop = "desktop";
    public const string Tablet = "tablet";

    public static readonly IReadOnlyList<Profile> Profiles =
    [
        new(Mobile, "Android", "Chrome", 0.60 * 0.70 * 0.85),
        new(Mobile, "Android", "Samsung Internet", 0.60 * 0.70 * 0.10),
        new(Mobile, "Android", "Firefox", 0.60 * 0.70 * 0.05),
        new(Mobile, "iOS", "Safari", 0.60 * 0.30 * 0.90),
        new(Mobile, "iOS", "Chrome", 0.60 * 0.30 * 0.10),
        new(Desktop, "Windows", "Chrome", 0.35 * 0.70 * 0.70),
        new(Desktop, "Windows", "Edge", 0.35 * 0.70 * 0.20),
        new(Desktop, "Windows", "Firefox", 0.35 * 0.70 * 0.10),
        new(Desktop, "macOS", "Safari", 0.35 * 0.20 * 0.50),
        new(Desktop, "macOS", "Chrome", 0.35 * 0.20 * 0.50),
        new(Desktop, "Linux", "Chrome", 0.35 * 0.10 * 0.60),
        new(Desktop, "Linux", "Firefox", 0.35 * 0.10 * 0.40),
        new(Tablet, "iPadOS", "Safari", 0.05 * 0.60),
        new(Tablet, "Android", "Chrome", 0.05 * 0.40),
    ];

    internal static AliasTable CreateSampler() => new([.. Profiles.Select(profile => profile.Weight)]);

    /// <summary>Each device type's expected share of sessions.</summary>
    public static IReadOnlyDictionary<string, double> ExpectedTypeShares()
    {
        var total = Profiles.Sum(profile => profile.Weight);
        return Profiles.GroupBy(profile => profile.Type).ToDictionary(group => group.Key, group => group.Sum(profile => profile.Weight) / total);
    }
}

namespace Pulse.BrowserTests;

/// <summary>Every browser test shares one started stack and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<PulseInBrowser>
{
    public const string Name = "browser";
}

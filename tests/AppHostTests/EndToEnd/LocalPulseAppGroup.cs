using Pulse.TestSupport;

namespace Pulse.AppHostTests.EndToEnd;

/// <summary>The end-to-end tests that share one started stack.</summary>
[CollectionDefinition(nameof(LocalPulseAppGroup))]
public sealed class LocalPulseAppGroup : ICollectionFixture<LocalPulseApp>;

using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Tracing;

/// <summary>
/// The trace tests collect every span of this process, so they run alone: xUnit runs a collection
/// that disables parallelization after the others, one test at a time.
/// </summary>
[CollectionDefinition(nameof(TracingGroup), DisableParallelization = true)]
public sealed class TracingGroup : ICollectionFixture<PostgresServer>;

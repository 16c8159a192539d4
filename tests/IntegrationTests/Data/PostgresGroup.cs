using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Data;

/// <summary>The tests that share one PostgreSQL server; each class takes its own database on it.</summary>
[CollectionDefinition(nameof(PostgresGroup))]
public sealed class PostgresGroup : ICollectionFixture<PostgresServer>;

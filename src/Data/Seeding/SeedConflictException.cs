namespace Pulse.Data.Seeding;

/// <summary>The database already holds a seed of another scale; loading this one on top would mix them.</summary>
public sealed class SeedConflictException(string message) : InvalidOperationException(message);

namespace Pulse.ServiceDefaults.MongoDB;

/// <summary>
/// Settings of Pulse's MongoDB client integration, bound from <c>Aspire:MongoDB:Driver</c> and then
/// <c>Aspire:MongoDB:Driver:{connectionName}</c>, as the official Aspire integration does.
/// </summary>
public sealed class MongoDBClientSettings
{
    /// <summary>A MongoDB connection string; <c>ConnectionStrings:{connectionName}</c> wins when present.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Turns off the <c>ping</c> health check.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>
    /// How long the health check's <c>ping</c> may take, in milliseconds. A healthy server answers in
    /// a few; an unreachable one never does, and <c>/health</c> waits for its slowest check, so this
    /// bounds how long a probe waits to hear that MongoDB is away (probes commonly give up after 1 s).
    /// </summary>
    public int HealthCheckTimeout { get; set; } = 500;

    /// <summary>Turns off the driver's own tracing (ActivitySource <c>MongoDB.Driver</c>).</summary>
    public bool DisableTracing { get; set; }
}

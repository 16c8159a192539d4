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

    /// <summary>How long the health check's <c>ping</c> may take, in milliseconds.</summary>
    public int HealthCheckTimeout { get; set; } = 5_000;

    /// <summary>Turns off the driver's own tracing (ActivitySource <c>MongoDB.Driver</c>).</summary>
    public bool DisableTracing { get; set; }
}

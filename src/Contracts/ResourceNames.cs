namespace Pulse.Contracts;

/// <summary>
/// Names of the resources in the Aspire app model. A resource's name is also the name of the
/// connection string (<c>ConnectionStrings:{name}</c>) or service-discovery entry its consumers read.
/// </summary>
public static class ResourceNames
{
    public const string PostgresServer = "postgres";
    public const string PulseDatabase = "pulse";

    public const string Redis = "redis";

    public const string MongoServer = "mongo";
    public const string EventsDatabase = "events";

    /// <summary>Applies the migrations (and seeds on request), then exits; the services wait for its completion.</summary>
    public const string Migrations = "migrations";

    public const string Api = "api";
    public const string Ingestor = "ingestor";
    public const string Web = "web";

    /// <summary>Live traffic from pulse-loadgen's simulate command, started with the AppHost's <c>--simulate</c>.</summary>
    public const string Simulator = "simulator";
}

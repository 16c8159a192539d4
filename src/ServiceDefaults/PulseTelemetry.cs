namespace Pulse.ServiceDefaults;

/// <summary>
/// Names of Pulse's own ActivitySources and Meters. Every service registers all of them, so a span
/// started in the Api and continued in the Ingestor lands in one trace.
/// </summary>
public static class PulseTelemetry
{
    public const string ApiSource = "Pulse.Api";
    public const string IngestorSource = "Pulse.Ingestor";
    public const string WebSource = "Pulse.Web";
    public const string MigrationServiceSource = "Pulse.MigrationService";

    public static readonly IReadOnlyList<string> Sources = [ApiSource, IngestorSource, WebSource, MigrationServiceSource];

    /// <summary>Npgsql's ActivitySource and Meter name.</summary>
    public const string Npgsql = "Npgsql";

    /// <summary>StackExchange.Redis' ActivitySource name, as its OpenTelemetry instrumentation registers it.</summary>
    public const string StackExchangeRedis = "OpenTelemetry.Instrumentation.StackExchangeRedis";
}

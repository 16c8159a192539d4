using Microsoft.Extensions.Hosting;

namespace Pulse.ServiceDefaults;

/// <summary>
/// The names of the health checks the stores' client integrations register. Aspire's choose their
/// own (Aspire.Npgsql: <c>PostgreSql</c>, Aspire.StackExchange.Redis: <c>StackExchange.Redis</c>);
/// the readiness tests, which stop each store, fail if an Aspire upgrade renames one.
/// </summary>
public static class StoreHealthChecks
{
    public const string PostgreSql = "PostgreSql";

    public const string Redis = "StackExchange.Redis";

    public static string MongoDB(string connectionName) => MongoDBClientExtensions.HealthCheckName(connectionName);
}

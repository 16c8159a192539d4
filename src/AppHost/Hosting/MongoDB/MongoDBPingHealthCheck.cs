using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Pulse.AppHost.Hosting.MongoDB;

/// <summary>
/// Healthy when the server answers <c>{ ping: 1 }</c>. The connection string is known only once
/// endpoints are allocated, so it is read lazily and the client made once and kept for the
/// AppHost's lifetime (one instance serves every check run).
/// </summary>
internal sealed class MongoDBPingHealthCheck(Func<string?> connectionString) : IHealthCheck
{
    private MongoClient? client;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            client ??= new MongoClient(connectionString() ?? throw new InvalidOperationException("The connection string is not available yet."));
            await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is MongoException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, exception.Message, exception);
        }
    }
}

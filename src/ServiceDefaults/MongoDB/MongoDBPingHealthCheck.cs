using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Pulse.ServiceDefaults.MongoDB;

/// <summary>Healthy when the database answers <c>{ ping: 1 }</c> within the timeout.</summary>
internal sealed class MongoDBPingHealthCheck(IMongoDatabase database, TimeSpan timeout) : IHealthCheck
{
    /// <summary>The command the check sends; the same one <c>mongosh</c>'s <c>db.runCommand({ ping: 1 })</c> sends.</summary>
    internal static BsonDocument PingCommand => new("ping", 1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await database.RunCommandAsync<BsonDocument>(PingCommand, cancellationToken: timeoutSource.Token);
            return HealthCheckResult.Healthy($"MongoDB database '{DatabaseName}' answered ping.");
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The driver waits for a server to select until told to stop: what it knows of the
            // servers says why none answered.
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"MongoDB database '{DatabaseName}' did not answer ping within {timeout.TotalMilliseconds:0} ms; servers: {ServerStates()}",
                exception);
        }
        catch (Exception exception) when (exception is MongoException or TimeoutException)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"MongoDB database '{DatabaseName}' did not answer ping: {exception.Message}",
                exception);
        }
    }

    private string DatabaseName => database.DatabaseNamespace.DatabaseName;

    private string ServerStates() =>
        string.Join("; ", database.Client.Cluster.Description.Servers.Select(server =>
            $"{server.EndPoint} {server.State}{(server.HeartbeatException is { } error ? $" ({error.GetBaseException().Message})" : "")}"));
}

using Microsoft.Extensions.Options;
using Pulse.MigrationService.Bootstrap;

namespace Pulse.MigrationService;

/// <summary>
/// Runs <see cref="DatabasePreparation"/> once, then the deployment's decision about the event log's
/// group (<see cref="EventLogGroupBootstrap"/>) where Redis is given, then stops the host; a failure
/// makes the exit code non-zero.
/// </summary>
internal sealed partial class MigrationWorker(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<MigrationWorker> logger) : BackgroundService
{
    public const int FailureExitCode = 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabasePreparation>().RunAsync(stoppingToken);
            if (scope.ServiceProvider.GetService<EventLogGroupBootstrap>() is { } eventLog
                && scope.ServiceProvider.GetRequiredService<IOptions<BootstrapOptions>>().Value.EventsDatabase is { } eventsDatabase)
            {
                using var span = DatabasePreparation.ActivitySource.StartActivity("Decide the event log's consumer group");
                await eventLog.RunAsync(eventsDatabase, stoppingToken);
            }
        }
        catch (Exception exception)
        {
            // Stopped before finishing counts as failed too: the services must not start on a half-prepared database.
            PreparationFailed(logger, exception, exception.Message);
            Environment.ExitCode = FailureExitCode;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Preparing the database failed: {Reason}")]
    private static partial void PreparationFailed(ILogger logger, Exception exception, string reason);
}

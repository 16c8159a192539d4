using Microsoft.Extensions.Hosting;

namespace Pulse.AppHost.Infrastructure;

/// <summary>
/// Removes a throwaway data folder once the AppHost has stopped (after the orchestrator stopped the
/// servers). Each server's start script already removes its own folder on a clean stop; this
/// catches what a killed server left behind.
/// </summary>
internal sealed class ThrowawayDataCleaner(string root, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopped.Register(Remove);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Remove()
    {
        try
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: a folder still in use is left for the OS's temp cleaning.
        }
    }
}

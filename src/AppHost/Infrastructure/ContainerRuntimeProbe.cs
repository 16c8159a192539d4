using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Pulse.AppHost.Infrastructure;

/// <summary>Asks the container runtime Aspire would use whether its engine answers.</summary>
public static class ContainerRuntimeProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <returns>Null when the runtime answered; otherwise why it is not usable.</returns>
    public static async Task<string?> FindProblemAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        // The same settings Aspire reads to pick its runtime.
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";

        var start = new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        try
        {
            using var process = Process.Start(start) ?? throw new Win32Exception($"{runtime} did not start");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);

            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return $"'{runtime} info' did not answer within {Timeout.TotalSeconds:0} s";
            }

            if (process.ExitCode == 0 && (await output).Trim() is { Length: > 0 } version)
            {
                return null;
            }

            var message = (await error).Trim().Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            return $"'{runtime} info' failed: {message ?? $"exit code {process.ExitCode}"}";
        }
        catch (Win32Exception)
        {
            return $"'{runtime}' is not installed";
        }
    }
}

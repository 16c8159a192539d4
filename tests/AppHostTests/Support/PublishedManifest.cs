using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Pulse.AppHostTests.Support;

/// <summary>
/// The publish manifest azd deploys, written once by the AppHost exactly as a developer would
/// (<c>--publisher manifest</c>), from the AppHost's own build output.
/// </summary>
public sealed class PublishedManifest : IAsyncLifetime
{
    private readonly DirectoryInfo output = Directory.CreateTempSubdirectory("pulse-manifest-");

    public JsonObject Resources { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var manifestPath = Path.Combine(output.FullName, "aspire-manifest.json");
        var appHostDirectory = Projects.Pulse_AppHost.ProjectPath;
        // This assembly runs from tests/AppHostTests/bin/<configuration>/net10.0/; the AppHost was built alongside.
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/')))!;
        var appHost = Path.Combine(appHostDirectory, "bin", configuration, "net10.0", "Pulse.AppHost.dll");

        // Local mode asked for on the command line must not leak into what is published.
        var start = new ProcessStartInfo("dotnet", [appHost, "--local", "--publisher", "manifest", "--output-path", manifestPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = appHostDirectory,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, $"manifest publishing failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath, TestContext.Current.CancellationToken))!;
        Resources = manifest["resources"]!.AsObject();
    }

    public ValueTask DisposeAsync()
    {
        output.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Pulse.AppHostTests.Support;

/// <summary>
/// The publish manifest azd deploys, written once by the AppHost exactly as a developer would
/// (<c>--publisher manifest</c>), from the AppHost's own build output.
/// </summary>
public class PublishedManifest : IAsyncLifetime
{
    private readonly DirectoryInfo output = Directory.CreateTempSubdirectory("pulse-manifest-");
    private readonly string[] extraArgs;

    public PublishedManifest() : this([])
    {
    }

    protected PublishedManifest(string[] extraArgs) => this.extraArgs = extraArgs;

    /// <summary>The repository's root folder (the AppHost is src/AppHost).</summary>
    public static string RepositoryRoot { get; } = Path.GetFullPath(Path.Combine(Projects.Pulse_AppHost.ProjectPath, "..", ".."));

    public JsonObject Resources { get; private set; } = null!;

    /// <summary>
    /// The manifest with each project's path relative to the repository root instead of to the
    /// output folder, so it reads the same wherever it was written.
    /// </summary>
    public JsonObject Normalized { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var manifestPath = Path.Combine(output.FullName, "aspire-manifest.json");
        var appHostDirectory = Projects.Pulse_AppHost.ProjectPath;
        // This assembly runs from tests/AppHostTests/bin/<configuration>/net10.0/; the AppHost was built alongside.
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/')))!;
        var appHost = Path.Combine(appHostDirectory, "bin", configuration, "net10.0", "Pulse.AppHost.dll");

        // Local mode asked for on the command line must not leak into what is published.
        var start = new ProcessStartInfo("dotnet", [appHost, "--local", "--publisher", "manifest", "--output-path", manifestPath, .. extraArgs])
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
        Normalized = Normalize(manifest.DeepClone().AsObject());
    }

    private JsonObject Normalize(JsonObject manifest)
    {
        foreach (var (_, resource) in manifest["resources"]!.AsObject())
        {
            if (resource?["path"] is JsonValue path)
            {
                var full = Path.GetFullPath(Path.Combine(output.FullName, (string)path!));
                resource["path"] = Path.GetRelativePath(RepositoryRoot, full);
            }
        }
        return manifest;
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        output.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The manifest published with all three stores external (<c>Pulse:ExternalStores</c>).</summary>
public sealed class PublishedManifestWithExternalStores() : PublishedManifest(["--Pulse:ExternalStores=pulse,redis,events"]);

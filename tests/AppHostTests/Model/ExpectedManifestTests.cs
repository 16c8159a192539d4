using System.Text.Json;
using System.Text.Json.Nodes;
using Pulse.AppHostTests.Support;

namespace Pulse.AppHostTests.Model;

/// <summary>
/// The deployed shape is reviewed: the manifest the AppHost publishes must equal the one checked in
/// beside this test. After a deliberate change, accept the new one with
/// <c>PULSE_ACCEPT_MANIFEST=1 dotnet run --project tests/AppHostTests -- -class Pulse.AppHostTests.Model.ExpectedManifestTests</c>
/// and commit the file with the change.
/// </summary>
public sealed class ExpectedManifestTests(PublishedManifest manifest) : IClassFixture<PublishedManifest>
{
    public const string AcceptVariable = "PULSE_ACCEPT_MANIFEST";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string ExpectedPath { get; } =
        Path.Combine(PublishedManifest.RepositoryRoot, "tests", "AppHostTests", "Model", "aspire-manifest.expected.json");

    [Fact]
    public async Task The_published_manifest_is_the_reviewed_one()
    {
        var published = manifest.Normalized.ToJsonString(Indented) + "\n";
        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            await File.WriteAllTextAsync(ExpectedPath, published, TestContext.Current.CancellationToken);
        }

        var expected = JsonNode.Parse(await File.ReadAllTextAsync(ExpectedPath, TestContext.Current.CancellationToken));

        Assert.True(JsonNode.DeepEquals(expected, manifest.Normalized),
            $"The published manifest differs from {ExpectedPath}. Review the difference; if it is meant, set {AcceptVariable}=1 and run this test to accept it.\nPublished:\n{published}");
    }
}

using Pulse.AppHostTests.Support;

namespace Pulse.AppHostTests.Model;

/// <summary>azd finds the AppHost through azure.yaml at the repository root.</summary>
public sealed class AzdTests
{
    [Fact]
    public async Task Azure_yaml_points_azd_at_the_apphost_as_a_container_app()
    {
        var lines = (await File.ReadAllLinesAsync(Path.Combine(PublishedManifest.RepositoryRoot, "azure.yaml"), TestContext.Current.CancellationToken))
            .Select(line => line.Trim()).ToList();

        var project = Assert.Single(lines, line => line.StartsWith("project:", StringComparison.Ordinal))["project:".Length..].Trim();
        Assert.Equal(Path.GetFullPath(Projects.Pulse_AppHost.ProjectPath), Path.GetDirectoryName(Path.GetFullPath(Path.Combine(PublishedManifest.RepositoryRoot, project))));
        Assert.Contains("language: dotnet", lines);
        Assert.Contains("host: containerapp", lines);
    }
}

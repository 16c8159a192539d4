using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Pulse.AppHost.Hosting.Local;
using Pulse.AppHostTests.Support;
using Pulse.TestSupport;
using Pulse.Contracts;

namespace Pulse.AppHostTests.EndToEnd;

/// <summary>A test run's local data lives only as long as the run: a stack of its own, stopped here.</summary>
public sealed class ThrowawayDataTests
{
    [Fact]
    public async Task Throwaway_data_is_removed_when_the_app_stops()
    {
        var app = await LocalPulseApp.StartAsync(TestContext.Current.CancellationToken);
        string dataDirectory;
        try
        {
            var postgres = app.Services.GetRequiredService<DistributedApplicationModel>().Resources
                .OfType<LocalPostgresServerResource>().Single(resource => resource.Name == ResourceNames.PostgresServer);
            var args = await postgres.ArgumentsAsync();
            dataDirectory = args[1];

            Assert.StartsWith(Path.GetTempPath(), dataDirectory, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dataDirectory, "PG_VERSION")), $"{dataDirectory} holds no PostgreSQL cluster");
        }
        finally
        {
            await app.DisposeAsync();
        }

        var root = Path.GetDirectoryName(dataDirectory)!;
        await Eventually.TrueAsync(() => !Directory.Exists(root), TimeSpan.FromSeconds(30), $"{root} to be removed");
    }
}

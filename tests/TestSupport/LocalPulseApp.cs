using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pulse.Contracts;

namespace Pulse.TestSupport;

/// <summary>
/// The whole Pulse stack in local mode (PostgreSQL and Redis from this machine's binaries, throwaway
/// data), started once and shared by the tests of a collection: one start costs seconds. Where <c>PULSE_TEST_MONGODB</c> holds a connection string, the stack uses that MongoDB.
/// </summary>
public sealed class LocalPulseApp : IAsyncLifetime
{
    public const string MongoVariable = "PULSE_TEST_MONGODB";

    /// <summary>The bootstrap admin key the stack is given (the <c>pulse-admin-key</c> parameter).</summary>
    public const string AdminKey = "local-stack-test-admin-key-0123456789";

    /// <summary>The first admin account's handle and password (the <c>pulse-admin-password</c> parameter).</summary>
    public const string AdminHandle = BootstrapSettings.DefaultAdminHandle;

    public const string AdminPassword = "local-stack-test-admin-password";

    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Resources that must become healthy whatever this machine has.</summary>
    public static readonly string[] RequiredResources =
        [ResourceNames.PostgresServer, ResourceNames.PulseDatabase, ResourceNames.Redis, ResourceNames.Api, ResourceNames.Ingestor, ResourceNames.Web];

    /// <summary>Resources that run to completion (exit code 0) before the services start.</summary>
    public static readonly string[] CompletedResources = [ResourceNames.Migrations];

    public static string? ExternalMongo => Environment.GetEnvironmentVariable(MongoVariable) is { Length: > 0 } value ? value : null;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>When every resource was healthy: what happened before it is the stack's own doing, not a test's.</summary>
    public DateTimeOffset ReadyAt { get; private set; }

    public ValueTask InitializeAsync() => InitializeAsync(TestContext.Current.CancellationToken);

    public async ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        App = await StartAsync(cancellationToken);
        ReadyAt = DateTimeOffset.UtcNow;
    }

    /// <summary>Starts the stack without seed data: the tests bring the data they need, and start faster without it.</summary>
    public static Task<DistributedApplication> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(SeedSettings.NoSeed, activityDays: 0, cancellationToken);

    /// <summary>
    /// Starts the stack with the migration service seeding <paramref name="seedScale"/> and
    /// <paramref name="activityDays"/> days of aggregates; <paramref name="extraArgs"/> go to the
    /// AppHost as they are (a <c>--ConnectionStrings:&lt;store&gt;=...</c> makes that store external,
    /// and the stack then has no resource of its own for it to wait on).
    /// </summary>
    public static Task<DistributedApplication> StartAsync(string seedScale, int activityDays, CancellationToken cancellationToken, params string[] extraArgs) =>
        StartAsync(seedScale, activityDays, degraded: [], cancellationToken, extraArgs);

    /// <summary>
    /// As above, but the resources named in <paramref name="degraded"/> are awaited Degraded instead
    /// of Healthy, for a stack started with a store away.
    /// </summary>
    public static async Task<DistributedApplication> StartAsync(string seedScale, int activityDays, IReadOnlyCollection<string> degraded, CancellationToken cancellationToken, params string[] extraArgs)
    {
        List<string> args = ["--local", "--Pulse:Local:Throwaway=true", $"--{SeedSettings.ScaleKey}={seedScale}", $"--Parameters:pulse-admin-key={AdminKey}",
            $"--Parameters:pulse-admin-password={AdminPassword}", .. extraArgs];
        if (activityDays > 0)
        {
            args.Add($"--{SeedSettings.ActivityDaysKey}={activityDays}");
        }
        if (ExternalMongo is { } mongo && !extraArgs.Any(arg => arg.StartsWith($"--ConnectionStrings:{ResourceNames.EventsDatabase}=", StringComparison.Ordinal)))
        {
            args.Add($"--ConnectionStrings:{ResourceNames.EventsDatabase}={mongo}");
        }
        string[] external = [.. new[] { ResourceNames.PulseDatabase, ResourceNames.Redis }
            .Where(store => extraArgs.Any(arg => arg.StartsWith($"--ConnectionStrings:{store}=", StringComparison.Ordinal)))];
        string[] required = [.. RequiredResources.Where(name => !external.Contains(name)
            && !(name == ResourceNames.PostgresServer && external.Contains(ResourceNames.PulseDatabase)))];

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Pulse_AppHost>(
            [.. args],
            (options, _) => options.DisableDashboard = true,
            cancellationToken);

        var app = await builder.BuildAsync(cancellationToken);
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(StartTimeout);
        await app.StartAsync(startup.Token);
        await Task.WhenAll(CompletedResources.Select(name => WaitForSuccessfulCompletionAsync(app, name, startup.Token)));
        await Task.WhenAll(required.Select(name => degraded.Contains(name)
            ? app.ResourceNotifications.WaitForResourceAsync(name, resource => resource.Snapshot.HealthStatus == HealthStatus.Degraded, startup.Token)
            : app.ResourceNotifications.WaitForResourceHealthyAsync(name, startup.Token)));
        return app;
    }

    private static async Task WaitForSuccessfulCompletionAsync(DistributedApplication app, string name, CancellationToken cancellationToken)
    {
        var finished = await app.ResourceNotifications.WaitForResourceAsync(name,
            resource => KnownResourceStates.TerminalStates.Contains(resource.Snapshot.State?.Text), cancellationToken);
        if (finished.Snapshot.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} ended {finished.Snapshot.State?.Text} with exit code {finished.Snapshot.ExitCode}.");
        }
    }

    public HttpClient CreateHttpClient(string resourceName) => App.CreateHttpClient(resourceName, "http");

    public IResource Resource(string name) =>
        App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(resource => resource.Name == name);

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

using Microsoft.Extensions.Configuration;
using Pulse.AppHost.Infrastructure;

namespace Pulse.AppHostTests.Infrastructure;

public class InfrastructureSelectorTests
{
    private static readonly Func<CancellationToken, Task<string?>> HealthyRuntime = _ => Task.FromResult<string?>(null);
    private static readonly Func<CancellationToken, Task<string?>> NoRuntime = _ => Task.FromResult<string?>("'docker' is not installed");
    private static readonly Func<CancellationToken, Task<string?>> MustNotProbe = _ => throw new InvalidOperationException("probed");

    [Fact]
    public async Task Publishing_always_describes_containers_without_probing()
    {
        var choice = await InfrastructureSelector.ChooseAsync(Configuration("Local"), isPublishMode: true, MustNotProbe, TestContext.Current.CancellationToken);

        Assert.Equal(InfrastructureMode.Containers, choice.Mode);
        Assert.Contains("manifest", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_local_mode_wins_over_a_healthy_runtime()
    {
        var choice = await InfrastructureSelector.ChooseAsync(Configuration("Local"), isPublishMode: false, MustNotProbe, TestContext.Current.CancellationToken);

        Assert.Equal(InfrastructureMode.Local, choice.Mode);
    }

    [Fact]
    public async Task Configured_container_mode_does_not_probe()
    {
        var choice = await InfrastructureSelector.ChooseAsync(Configuration("Containers"), isPublishMode: false, MustNotProbe, TestContext.Current.CancellationToken);

        Assert.Equal(InfrastructureMode.Containers, choice.Mode);
    }

    [Fact]
    public async Task Auto_uses_containers_when_the_runtime_answers()
    {
        var choice = await InfrastructureSelector.ChooseAsync(Configuration(null), isPublishMode: false, HealthyRuntime, TestContext.Current.CancellationToken);

        Assert.Equal(InfrastructureMode.Containers, choice.Mode);
    }

    [Fact]
    public async Task Auto_falls_back_to_local_mode_and_says_why()
    {
        var choice = await InfrastructureSelector.ChooseAsync(Configuration("Auto"), isPublishMode: false, NoRuntime, TestContext.Current.CancellationToken);

        Assert.Equal(InfrastructureMode.Local, choice.Mode);
        Assert.Contains("'docker' is not installed", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runtime_probe_reports_a_missing_runtime_by_name()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("ASPIRE_CONTAINER_RUNTIME", "pulse-no-such-runtime")])
            .Build();

        var problem = await ContainerRuntimeProbe.FindProblemAsync(configuration, TestContext.Current.CancellationToken);

        Assert.Equal("'pulse-no-such-runtime' is not installed", problem);
    }

    private static IConfiguration Configuration(string? mode) =>
        new ConfigurationBuilder().AddInMemoryCollection([new(InfrastructureSettings.ModeKey, mode)]).Build();
}

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Pulse.AppHostTests.Support;
using Pulse.Contracts;

namespace Pulse.AppHostTests.Model;

/// <summary>The traffic simulator: only with <c>--simulate</c>, only in run mode.</summary>
public class SimulationModelTests
{
    [Fact]
    public async Task Without_the_switch_there_is_no_simulator()
    {
        await using var builder = await AppHostModel.CreateAsync("--local", "--Pulse:Local:Throwaway=true");

        Assert.DoesNotContain(builder.Resources, resource => resource.Name == ResourceNames.Simulator);
    }

    [Fact]
    public async Task The_switch_adds_a_simulator_that_sends_through_the_api_with_the_admin_key()
    {
        await using var builder = await AppHostModel.CreateAsync("--local", "--simulate", "--Pulse:Local:Throwaway=true", "--Pulse:Simulate:Rate=350");

        var simulator = builder.Resource<ProjectResource>(ResourceNames.Simulator);
        Assert.Equal(["simulate", "--rate", "350", "--duration", "0", "--diurnal"], await simulator.ArgumentsAsync());
        Assert.Contains(ResourceNames.Api, simulator.ReferencedNames());
        Assert.Contains(ResourceNames.PulseDatabase, simulator.ReferencedNames());
        Assert.Contains(ResourceNames.Api, simulator.AwaitedNames());
        Assert.Contains("PULSE_API_KEY", (await simulator.EnvironmentAsync()).Keys);
    }

    [Fact]
    public async Task A_bad_rate_is_refused_with_the_key_it_came_from()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var builder = await AppHostModel.CreateAsync("--local", "--simulate", "--Pulse:Local:Throwaway=true", "--Pulse:Simulate:Rate=fast");
        });

        Assert.Contains("Pulse:Simulate:Rate", failure.Message, StringComparison.Ordinal);
    }
}

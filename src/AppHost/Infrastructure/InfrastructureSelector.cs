using Microsoft.Extensions.Configuration;

namespace Pulse.AppHost.Infrastructure;

public static class InfrastructureSelector
{
    /// <summary>
    /// Publishing always describes containers; a configured mode wins; otherwise containers when a
    /// runtime answers, else local mode.
    /// </summary>
    /// <param name="findContainerRuntimeProblem">Null when a container runtime is healthy, else why not.</param>
    public static async Task<InfrastructureChoice> ChooseAsync(
        IConfiguration configuration,
        bool isPublishMode,
        Func<CancellationToken, Task<string?>> findContainerRuntimeProblem,
        CancellationToken cancellationToken = default)
    {
        if (isPublishMode)
        {
            return new(InfrastructureMode.Containers, "publishing: the manifest always describes the databases as containers");
        }

        switch (InfrastructureSettings.ReadMode(configuration))
        {
            case InfrastructureMode.Local:
                return new(InfrastructureMode.Local, $"asked for ({InfrastructureSettings.LocalSwitch} or {InfrastructureSettings.ModeKey}=Local)");
            case InfrastructureMode.Containers:
                return new(InfrastructureMode.Containers, $"asked for ({InfrastructureSettings.ModeKey}=Containers)");
        }

        var problem = await findContainerRuntimeProblem(cancellationToken);
        return problem is null
            ? new(InfrastructureMode.Containers, "a container runtime answered")
            : new(InfrastructureMode.Local, $"no healthy container runtime ({problem})");
    }
}

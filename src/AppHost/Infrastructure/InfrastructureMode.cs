namespace Pulse.AppHost.Infrastructure;

/// <summary>How the AppHost provides the three databases.</summary>
public enum InfrastructureMode
{
    /// <summary>Chosen by probing for a healthy container runtime.</summary>
    Auto,

    /// <summary>Official container images (postgres:15, redis:7, mongo:7); also what the manifest describes.</summary>
    Containers,

    /// <summary>The machine's own database binaries as executable resources; the model holds no container.</summary>
    Local,
}

/// <summary>The mode the AppHost runs in, and why: logged at start-up.</summary>
public sealed record InfrastructureChoice(InfrastructureMode Mode, string Reason);

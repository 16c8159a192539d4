namespace Pulse.AppHost.Infrastructure;

/// <summary>The AppHost's own parameters (the databases' passwords are named by their resources).</summary>
public static class ParameterNames
{
    /// <summary>The bootstrap admin API key given to the Api and the Web.</summary>
    public const string AdminKey = "pulse-admin-key";
}

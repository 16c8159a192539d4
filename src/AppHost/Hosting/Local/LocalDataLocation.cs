namespace Pulse.AppHost.Hosting.Local;

/// <summary>
/// Where local-mode servers keep their data. F5 runs keep it between runs in a per-user folder;
/// throwaway runs (tests) get a fresh folder under the temp directory that is removed afterwards.
/// </summary>
public sealed record LocalDataLocation(string Root, bool IsThrowaway)
{
    public string For(string resourceName) => Path.Combine(Root, resourceName);

    /// <param name="configuredRoot">An explicit folder (configuration <c>Pulse:Local:DataDirectory</c>).</param>
    /// <param name="throwaway">Configuration <c>Pulse:Local:Throwaway</c>.</param>
    public static LocalDataLocation Resolve(string? configuredRoot, bool throwaway, bool runningAsRoot)
    {
        if (throwaway)
        {
            return new LocalDataLocation(Path.Combine(Path.GetTempPath(), $"pulse-{Guid.NewGuid():N}"), IsThrowaway: true);
        }

        if (!string.IsNullOrWhiteSpace(configuredRoot))
        {
            return new LocalDataLocation(Path.GetFullPath(configuredRoot), IsThrowaway: false);
        }

        // PostgreSQL refuses to run as root, so as root it runs as the 'postgres' user, who cannot
        // enter /root: root's data lives where system services keep theirs.
        if (runningAsRoot)
        {
            return new LocalDataLocation("/var/lib/pulse", IsThrowaway: false);
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return new LocalDataLocation(Path.Combine(dataHome, "pulse"), IsThrowaway: false);
    }
}

using Microsoft.Extensions.Configuration;

namespace Pulse.AppHost.Infrastructure;

/// <summary>The AppHost's own configuration keys, all under <c>Pulse:</c>.</summary>
public static class InfrastructureSettings
{
    /// <summary><c>Auto</c> (default), <c>Containers</c> or <c>Local</c>; <c>--local</c> sets <c>Local</c>.</summary>
    public const string ModeKey = "Pulse:Infrastructure";

    /// <summary>Command-line switch for local mode.</summary>
    public const string LocalSwitch = "--local";

    /// <summary>Folder for local-mode data (defaults to a per-user folder).</summary>
    public const string LocalDataDirectoryKey = "Pulse:Local:DataDirectory";

    /// <summary><c>true</c> for throwaway local data, removed when the app stops (test runs).</summary>
    public const string LocalThrowawayKey = "Pulse:Local:Throwaway";

    /// <summary>Redis AOF fsync policy: <c>everysec</c> (default; a crash loses at most a second) or <c>always</c>.</summary>
    public const string RedisAppendFsyncKey = "Pulse:Redis:AppendFsync";

    /// <summary>Host ports the Api and Web listen on when the AppHost runs them.</summary>
    public const int ApiPort = 5180;
    public const int WebPort = 5190;

    /// <summary>
    /// Removes <c>--local</c> from the arguments: the command-line configuration provider would
    /// otherwise take the argument after it as its value.
    /// </summary>
    public static (string[] Args, bool Local) ExtractLocalSwitch(string[] args) =>
        (args.Where(arg => !IsLocalSwitch(arg)).ToArray(), args.Any(IsLocalSwitch));

    public static InfrastructureMode ReadMode(IConfiguration configuration)
    {
        var value = configuration[ModeKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return InfrastructureMode.Auto;
        }

        return Enum.TryParse<InfrastructureMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new InvalidOperationException(
                $"Configuration '{ModeKey}' is '{value}'; use Auto, Containers or Local (or pass --local).");
    }

    public static string ReadAppendFsync(IConfiguration configuration)
    {
        var value = configuration[RedisAppendFsyncKey];
        return value switch
        {
            null or "" => "everysec",
            "everysec" or "always" => value,
            _ => throw new InvalidOperationException(
                $"Configuration '{RedisAppendFsyncKey}' is '{value}'; use everysec (a Redis crash loses at most the last second) or always (no loss, slower)."),
        };
    }

    private static bool IsLocalSwitch(string arg) => string.Equals(arg, LocalSwitch, StringComparison.OrdinalIgnoreCase);
}

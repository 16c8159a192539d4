using System.Diagnostics;

namespace Pulse.TestSupport;

/// <summary>
/// One of the repository's command-line tools as a person runs it: the built assembly from its own
/// build output (beside a test project its dependencies differ), with both streams redirected.
/// </summary>
public static class BuiltTool
{
    public static Process Start(string projectFolder, string assemblyName, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(AssemblyPath(projectFolder, assemblyName));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // Spectre.Console wraps at the terminal's width; a wide one keeps each message on one line.
        start.Environment["COLUMNS"] = "400";
        return Process.Start(start) ?? throw new InvalidOperationException($"{assemblyName} did not start");
    }

    private static string AssemblyPath(string projectFolder, string assemblyName)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Analytics.Aspire.sln")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("The repository root was not found above the tests."),
            "src", projectFolder, "bin", configuration, "net10.0", assemblyName + ".dll");
    }
}

using System.Diagnostics;

namespace Pulse.TestSupport;

/// <summary>
/// Runs the built pulse-loadgen as a process of its own, as a person would, from its own build
/// output (beside a test project its dependencies differ), and returns its exit code and output.
/// </summary>
public static class LoadGenProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(AssemblyPath());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // Spectre.Console wraps at the terminal's width; a wide one keeps each message on one line.
        start.Environment["COLUMNS"] = "400";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var text = await output + await error;
        TestContext.Current.SendDiagnosticMessage($"pulse-loadgen {args[0]}: {text}");
        return (process.ExitCode, text);
    }

    private static string AssemblyPath()
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
            "src", "LoadGen", "bin", configuration, "net10.0", "pulse-loadgen.dll");
    }
}

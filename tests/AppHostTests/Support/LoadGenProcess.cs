using System.Diagnostics;

namespace Pulse.AppHostTests.Support;

/// <summary>Runs the built pulse-loadgen as a process of its own, as a person would, and returns its exit code and output.</summary>
internal static class LoadGenProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var project = Path.GetDirectoryName(new Projects.Pulse_LoadGen().ProjectPath)!;
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(project, "bin", configuration, "net10.0", "pulse-loadgen.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var text = await output + await error;
        TestContext.Current.SendDiagnosticMessage($"pulse-loadgen {args[0]}: {text}");
        return (process.ExitCode, text);
    }
}

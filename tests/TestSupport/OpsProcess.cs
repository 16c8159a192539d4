using System.Diagnostics;

namespace Pulse.TestSupport;

/// <summary>
/// Runs the built pulse-ops as a process of its own, as an operator would, from its own build
/// output, and returns its exit code, standard output and standard error (where its failures go).
/// </summary>
public static class OpsProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>Both streams, lines joined: Spectre.Console wraps long lines at the terminal's width.</summary>
        public string Text => (Output + " " + Error).ReplaceLineEndings(" ");
    }

    public static async Task<Result> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var result = new Result(process.ExitCode, await output, await error);
        TestContext.Current.SendDiagnosticMessage($"pulse-ops {string.Join(' ', args.Take(2))}: exit {result.ExitCode}; {result.Output} {result.Error}");
        return result;
    }

    /// <summary>Starts pulse-ops with both streams redirected, for a test that talks to it while it runs.</summary>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(AssemblyPath());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["COLUMNS"] = "400";
        return Process.Start(start)!;
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
            "src", "Ops", "bin", configuration, "net10.0", "pulse-ops.dll");
    }
}

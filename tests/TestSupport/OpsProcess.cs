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
    public static Process Start(params string[] args) => BuiltTool.Start("Ops", "pulse-ops", args);
}

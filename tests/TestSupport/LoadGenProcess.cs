namespace Pulse.TestSupport;

/// <summary>
/// Runs the built pulse-loadgen as a process of its own, as a person would, from its own build
/// output (beside a test project its dependencies differ), and returns its exit code and output.
/// </summary>
public static class LoadGenProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var process = BuiltTool.Start("LoadGen", "pulse-loadgen", args);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var text = await output + await error;
        TestContext.Current.SendDiagnosticMessage($"pulse-loadgen {args[0]}: {text}");
        return (process.ExitCode, text);
    }
}

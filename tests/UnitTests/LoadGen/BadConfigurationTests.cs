using Pulse.TestSupport;

namespace Pulse.UnitTests.LoadGen;

/// <summary>pulse-loadgen, run as a person runs it, with bad configuration: one clear line and a non-zero exit, never a stack trace.</summary>
public class BadConfigurationTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=nobody;Password=none;Database=none;Timeout=2";

    public static TheoryData<string[], string> Cases => new()
    {
        { ["simulate", "--api", "http://127.0.0.1:1", "--key", "k", "--postgres", Unreachable, "--duration", "2s"], "Cannot reach the Api" },
        { ["seed", "--scale", "huge", "--key", "k", "--postgres", Unreachable], "--scale must be one of: small, demo, large" },
        { ["seed", "--scale", "small", "--api", "http://127.0.0.1:1", "--key", "k", "--postgres", Unreachable], "Cannot seed" },
        { ["seed", "--scale", "small", "--days", "9", "--key", "k", "--postgres", Unreachable], "--days must be 1 to 7" },
        { ["bench", "--api", "http://127.0.0.1:1", "--key", "k", "--postgres", Unreachable, "--redis", "127.0.0.1:1", "--output", ""], "Cannot benchmark" },
        { ["bench-pipeline", "--rates", "fast", "--key", "k", "--postgres", Unreachable], "--rates must be comma-separated" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Says_what_is_wrong_and_exits_non_zero(string[] args, string message)
    {
        var (exitCode, output) = await LoadGenProcess.RunAsync(args);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, output.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}

using Pulse.TestSupport;

namespace Pulse.UnitTests.Ops;

/// <summary>pulse-ops, run as an operator runs it, with bad input: one line saying what is wrong and a non-zero exit, never a stack trace.</summary>
public class BadInputTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=nobody;Password=none;Database=none;Timeout=2";
    private const string NoMongo = "mongodb://127.0.0.1:1/pulse_events?serverSelectionTimeoutMS=1000";

    public static TheoryData<string[], int, string> Cases => new()
    {
        { ["backfill", "counters", "--redis", "127.0.0.1:1"], 2, "--postgres is required" },
        { ["backfill", "counters", "--postgres", "Host=127.0.0.1;Colour=blue", "--redis", "127.0.0.1:1"], 2, "--postgres is not a PostgreSQL connection string" },
        { ["backfill", "counters", "--postgres", Unreachable, "--redis", "127.0.0.1:1,flavour=mint"], 2, "--redis is not a Redis connection string" },
        { ["backfill", "counters", "--postgres", Unreachable, "--redis", "127.0.0.1:1", "--batch", "0"], 2, "--batch must be 1 to 100,000" },
        { ["backfill", "counters", "--postgres", Unreachable, "--redis", "127.0.0.1:1,connectTimeout=1000"], 1, "Failed: Cannot reach Redis at 127.0.0.1:1" },
        { ["backfill", "aggregates", "--postgres", Unreachable], 2, "--mongo is required" },
        { ["backfill", "aggregates", "--postgres", Unreachable, "--mongo", "http://127.0.0.1:1"], 2, "--mongo is not a MongoDB connection string" },
        { ["backfill", "aggregates", "--postgres", Unreachable, "--mongo", NoMongo, "--from", "2026-11-31"], 2, "--from must be a day as yyyy-MM-dd, not '2026-11-31'" },
        { ["backfill", "aggregates", "--postgres", Unreachable, "--mongo", NoMongo, "--from", "2026-11-20", "--to", "2026-11-19"], 2, "--from 2026-11-20 is after --to 2026-11-19" },
        { ["backfill", "aggregates", "--postgres", Unreachable, "--mongo", NoMongo, "--dedupe-retention", "-1"], 2, "--dedupe-retention must be 0 to 365 days" },
        { ["backfill", "aggregates", "--postgres", Unreachable, "--mongo", NoMongo], 1, "Failed: Cannot reach PostgreSQL at 127.0.0.1:1/none: Failed to connect to 127.0.0.1:1" },
        { ["backfill", "rebuild-everything"], 2, "Unknown command 'rebuild-everything'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Says_what_is_wrong_and_exits_non_zero(string[] args, int exitCode, string message)
    {
        var result = await OpsProcess.RunAsync(args);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(message, result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_is_one_line_on_standard_error()
    {
        var result = await OpsProcess.RunAsync("backfill", "counters", "--postgres", Unreachable, "--redis", "127.0.0.1:1,connectTimeout=1000");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", result.Output);
    }
}

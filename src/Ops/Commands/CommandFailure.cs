using MongoDB.Driver;
using Npgsql;
using Pulse.Ops.Backfill;
using Spectre.Console;
using Spectre.Console.Cli;
using StackExchange.Redis;

namespace Pulse.Ops.Commands;

/// <summary>
/// Turns what can go wrong into one line for the operator and an exit code: never a stack trace
/// (some client messages embed one, e.g. the MongoDB driver's server-selection timeout).
/// </summary>
public static class CommandFailure
{
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Cancelled = 130;

    /// <summary>The stores a command talks to, as shown in messages.</summary>
    public sealed record Targets(string? Postgres = null, string? Redis = null, string? Mongo = null);

    /// <summary>Failures of a store or a refusal of the backfill's own: reported, not thrown.</summary>
    public static bool IsExpected(Exception exception) =>
        exception is NpgsqlException or RedisException or MongoException or TimeoutException or BackfillRefusedException;

    public static int Report(Exception exception, Targets targets)
    {
        WriteLine($"Failed: {Describe(exception, targets)}");
        return Failed;
    }

    public static int ReportCancelled(string whatIsLeft)
    {
        WriteLine($"Cancelled: {whatIsLeft}");
        return Cancelled;
    }

    public static string Describe(Exception exception, Targets targets) => exception switch
    {
        BackfillRefusedException refused => refused.Message,
        PostgresException postgres => $"PostgreSQL at {targets.Postgres} refused: {postgres.MessageText} ({postgres.SqlState})",
        NpgsqlException npgsql => $"Cannot reach PostgreSQL at {targets.Postgres}: {WithCause(npgsql)}",
        // The rest of its message advises abortConnect=false, which is for services, not a one-off run.
        RedisConnectionException redis => $"Cannot reach Redis at {targets.Redis}: {FirstSentence(redis.Message)}",
        RedisTimeoutException redis => $"Redis at {targets.Redis} did not answer in time: {FirstSentence(redis.Message)}",
        RedisException redis => $"Redis at {targets.Redis} refused: {FirstLine(redis.Message)}",
        // The driver's server-selection timeout: its message holds the cluster's state, stack traces included.
        TimeoutException => $"Cannot reach MongoDB at {targets.Mongo}: no server answered in time (serverSelectionTimeoutMS).",
        MongoAuthenticationException => $"MongoDB at {targets.Mongo} refused the credentials.",
        MongoException mongo => $"MongoDB at {targets.Mongo} failed: {FirstLine(mongo.Message)}",
        _ => $"{exception.GetType().Name}: {FirstLine(exception.Message)}",
    };

    /// <summary>The last resort for what no command expected (given to Spectre.Console.Cli), and bad usage.</summary>
    public static int Unexpected(Exception exception, ITypeResolver? resolver)
    {
        if (exception is CommandAppException usage)
        {
            if (usage.Pretty is { } pretty)
            {
                AnsiConsole.Write(pretty);
            }
            else
            {
                WriteLine($"Error: {FirstLine(usage.Message)}");
            }
            return Usage;
        }
        WriteLine($"Failed: {Describe(exception, new Targets())}");
        return Failed;
    }

    /// <summary>
    /// Plain, on standard error: one line however narrow the terminal (Spectre.Console wraps at
    /// its width, 80 columns when output is redirected), and apart from the progress on standard output.
    /// </summary>
    private static void WriteLine(string message) => Console.Error.WriteLine(message);

    private static string WithCause(Exception exception) =>
        exception.InnerException is { } cause && !string.IsNullOrWhiteSpace(cause.Message)
            ? $"{FirstLine(exception.Message)} ({FirstLine(cause.Message)})"
            : FirstLine(exception.Message);

    private static string FirstSentence(string message)
    {
        var line = FirstLine(message);
        var end = line.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? line : line[..(end + 1)];
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim();
    }
}

using System.Globalization;

namespace Pulse.Api.Realtime;

/// <summary>The caller is over one of its limits (<see cref="CallerBudget"/>): the batch was refused whole and nothing was written.</summary>
public abstract class CallerLimitException(string message, Exception innerException) : Exception(message, innerException)
{
    /// <summary>Reads the event script's error reply, or null when it is about something else.</summary>
    public static CallerLimitException? FromReply(string reply, Exception exception)
    {
        var parts = reply.Split(' ');
        if (parts.Length != 3 || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var first) || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var second))
        {
            return null;
        }
        return parts[0] switch
        {
            EventBudgetExceededException.ErrorPrefix => new EventBudgetExceededException(TimeSpan.FromMilliseconds(first), (int)second, exception),
            BacklogShareExceededException.ErrorPrefix => new BacklogShareExceededException(first, second, exception),
            _ => null,
        };
    }
}

/// <summary>The batch holds more events than the caller's budget has left.</summary>
/// <param name="RetryAfter">When the budget will have refilled enough for this batch.</param>
public sealed class EventBudgetExceededException(TimeSpan retryAfter, int left, Exception innerException)
    : CallerLimitException($"The caller's event budget has {left} events left.", innerException)
{
    public const string ErrorPrefix = "BUDGET";

    public TimeSpan RetryAfter { get; } = retryAfter;

    public int Left { get; } = left;
}

/// <summary>The caller would hold more than its share of the stream's backlog.</summary>
public sealed class BacklogShareExceededException(long held, long most, Exception innerException)
    : CallerLimitException($"The caller has {held} events waiting in the stream, and may have at most {most}.", innerException)
{
    public const string ErrorPrefix = "SHARE";

    public long Held { get; } = held;

    public long Most { get; } = most;
}

namespace Pulse.Ingestor.Erasure;

/// <summary>
/// The steps of an erasure job, in order. A job records the next one it has to run, so a job taken
/// over after its runner died starts again there; each step is safe to run twice.
/// </summary>
public static class ErasureSteps
{
    /// <summary>The user is added to the stream's erased users: from then on no sink stores their events as sent.</summary>
    public const string Mark = "mark";

    /// <summary>Waits until no batch read before the mark can still be storing.</summary>
    public const string Fence = "fence";

    /// <summary>The stream's entries and the dead letters that name the user.</summary>
    public const string Stream = "stream";

    /// <summary>The raw events in MongoDB.</summary>
    public const string EventLog = "eventlog";

    /// <summary>Sessions, likers, counters and trending of the user's posts, caches (reads PostgreSQL first, so before it).</summary>
    public const string Redis = "redis";

    /// <summary>The account, posts, follows and aggregates, in one transaction.</summary>
    public const string PostgreSql = "postgresql";

    public static readonly IReadOnlyList<string> InOrder = [Mark, Fence, Stream, EventLog, Redis, PostgreSql];

    /// <returns>The step after <paramref name="step"/>, or null after the last.</returns>
    public static string? After(string step)
    {
        var at = InOrder.ToList().IndexOf(step);
        if (at < 0)
        {
            throw new ArgumentException($"'{step}' is not an erasure step; the steps are {string.Join(", ", InOrder)}.", nameof(step));
        }
        return at + 1 < InOrder.Count ? InOrder[at + 1] : null;
    }
}

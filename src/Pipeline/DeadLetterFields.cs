namespace Pulse.Pipeline;

/// <summary>Fields of a dead-letter entry: where it came from, what it held and why it failed.</summary>
public static class DeadLetterFields
{
    public const string Group = "group";
    public const string EntryId = "entry";
    public const string Error = "error";
    public const string Attempts = "attempts";
    public const string FailedAt = "failedAt";
}

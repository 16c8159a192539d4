namespace Pulse.Api.Realtime;

/// <summary>The event stream holds its backlog cap: the batch was refused whole, nothing was written, and the client should retry later.</summary>
public sealed class StreamBacklogException(string message, Exception innerException) : Exception(message, innerException)
{
    /// <summary>How the event script's error reply starts.</summary>
    public const string ErrorPrefix = "BACKLOG";
}

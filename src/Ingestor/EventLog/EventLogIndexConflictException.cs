namespace Pulse.Ingestor.EventLog;

/// <summary>
/// The event log holds an index the Ingestor cannot reconcile with its time index (same keys under
/// another name, or its name on other keys). A fault of the store, not of any event: the sink
/// stays not ready, its health says which index, and no event is counted as failed meanwhile.
/// </summary>
public sealed class EventLogIndexConflictException(string message, Exception innerException) : Exception(message, innerException);

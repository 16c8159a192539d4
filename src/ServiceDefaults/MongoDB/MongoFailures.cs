using MongoDB.Driver;

namespace Pulse.ServiceDefaults.MongoDB;

/// <summary>
/// Tells a MongoDB failure that says "the store is unreachable or busy, try the same thing later"
/// from one that says "this request or document is wrong". The Ingestor retries the former
/// without blaming its events; the Api answers 503 to it instead of 500.
/// </summary>
public static class MongoFailures
{
    /// <summary>
    /// Server error codes that describe the server's state rather than the request: network,
    /// shutdown, elections, time limits and lock contention (from the server's error_codes.yml).
    /// </summary>
    public static readonly IReadOnlySet<int> TransientServerCodes = new HashSet<int>
    {
        6,     // HostUnreachable
        7,     // HostNotFound
        24,    // LockTimeout
        46,    // LockBusy
        50,    // MaxTimeMSExpired
        64,    // WriteConcernFailed
        89,    // NetworkTimeout
        91,    // ShutdownInProgress
        112,   // WriteConflict
        134,   // ReadConcernMajorityNotAvailableYet
        189,   // PrimarySteppedDown
        202,   // NetworkInterfaceExceededTimeLimit
        262,   // ExceededTimeLimit
        9001,  // SocketException
        10107, // NotWritablePrimary
        11600, // InterruptedAtShutdown
        11602, // InterruptedDueToReplStateChange
        13435, // NotPrimaryNoSecondaryOk
        13436, // NotPrimaryOrSecondary
    };

    private const string RetryableWriteLabel = "RetryableWriteError";
    private const string TransientTransactionLabel = "TransientTransactionError";

    public static bool IsTransient(Exception exception) => exception switch
    {
        // A bulk insert's own errors concern single documents; only a failed write concern or a
        // server-state code among them says the store itself is in trouble.
        MongoBulkWriteException bulk => bulk.WriteConcernError is not null || bulk.WriteErrors.Any(error => TransientServerCodes.Contains(error.Code)),
        MongoWriteException write => write.WriteConcernError is not null || TransientServerCodes.Contains(write.WriteError?.Code ?? 0),
        MongoConnectionException => true,
        // Derives from MongoWriteConcernException, but a duplicate key is the document's doing.
        MongoDuplicateKeyException => false,
        MongoNotPrimaryException or MongoNodeIsRecoveringException or MongoWriteConcernException => true,
        MongoExecutionTimeoutException => true,
        MongoWaitQueueFullException or MongoConnectionPoolPausedException => true,
        MongoException labelled when labelled.HasErrorLabel(RetryableWriteLabel) || labelled.HasErrorLabel(TransientTransactionLabel) => true,
        MongoCommandException { Result: not null } command => TransientServerCodes.Contains(command.Code),
        // Server selection gives up with a plain TimeoutException when no suitable server answers.
        TimeoutException => true,
        OperationCanceledException => true,
        _ => false,
    };
}

using MongoDB.Driver;

namespace Pulse.Ingestor.EventLog;

/// <summary>
/// Decides when an unordered insert that the server partly refused still stored the whole batch:
/// every refused document collided on <c>_id</c> with itself from an earlier delivery (a replay),
/// and the write concern was met, so every other document is in.
/// </summary>
public static class DuplicateKeyReplays
{
    /// <summary>The server's DuplicateKey error code.</summary>
    public const int DuplicateKeyCode = 11000;

    public static bool IsReplayOnly(MongoBulkWriteException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return IsReplayOnly([.. exception.WriteErrors.Select(error => error.Code)], exception.WriteConcernError is not null);
    }

    public static bool IsReplayOnly(IReadOnlyCollection<int> writeErrorCodes, bool writeConcernFailed) =>
        !writeConcernFailed && writeErrorCodes.Count > 0 && writeErrorCodes.All(code => code == DuplicateKeyCode);
}

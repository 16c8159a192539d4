namespace Pulse.Contracts.Security;

/// <summary>One admin action, as the append-only audit log keeps it.</summary>
/// <param name="Actor">Who: <c>user:{id}:{handle}</c>, <c>key:{id}:{name}</c>, or an operator tool's <c>pulse-ops:{os user}</c>.</param>
/// <param name="Action">What, one of <see cref="AuditActions"/>.</param>
/// <param name="Target">What it was done to (a key, a user, a consumer group), when anything.</param>
/// <param name="Detail">The action's particulars (the new role, how many dead letters), as text.</param>
/// <param name="Source">From where: the client's address for the Api, the host name for an operator tool.</param>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string? Target, string? Detail, string? Source);

/// <summary>A page of the audit log, newest first; pass <see cref="NextBefore"/> as <c>before</c> for the next.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextBefore);

/// <summary>The actions the audit log records.</summary>
public static class AuditActions
{
    public const string KeyCreated = "key.created";
    public const string KeyRevoked = "key.revoked";
    public const string KeyBudgetChanged = "key.budget_changed";
    public const string RoleChanged = "role.changed";
    public const string DeadLettersReplayed = "dead-letters.replayed";
    public const string GroupPaused = "pipeline.group_paused";
    public const string GroupResumed = "pipeline.group_resumed";
    public const string GroupRetired = "pipeline.group_retired";
    public const string CountersBackfilled = "backfill.counters";
    public const string AggregatesBackfilled = "backfill.aggregates";
    public const string ErasureRequested = "user.erasure_requested";
    public const string UserErased = "user.erased";
    public const string UserAnonymised = "user.anonymised";
}

namespace Pulse.Data.Entities;

/// <summary>
/// One admin action: who did what to what, when and from where. The table only grows: a trigger
/// refuses every UPDATE, DELETE and TRUNCATE (<see cref="AuditLogProtection"/>).
/// </summary>
public sealed class AuditLogEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    /// <summary>One of <see cref="Pulse.Contracts.Security.AuditActions"/>.</summary>
    public required string Action { get; set; }

    public string? Target { get; set; }

    public string? Detail { get; set; }

    /// <summary>The client's address (the Api) or the host name (an operator tool).</summary>
    public string? Source { get; set; }
}

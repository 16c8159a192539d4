using Pulse.Api.Security;
using Pulse.Data;
using Pulse.Data.Entities;

namespace Pulse.Api.Audit;

/// <summary>
/// Writes admin actions to the append-only <c>audit_log</c>. An action that changes PostgreSQL adds
/// its entry to the same unit of work (<see cref="Add"/>), so the change and its record commit
/// together; an action elsewhere (Redis) records itself once it has happened (<see cref="RecordAsync"/>).
/// </summary>
public sealed class AuditTrail(TimeProvider time)
{
    /// <param name="actor">Who to record instead of the caller's audit name (which carries their handle).</param>
    public void Add(PulseDbContext db, HttpContext context, string action, string? target, string? detail = null, string? actor = null) =>
        db.AuditLog.Add(Entry(context, action, target, detail, actor));

    public async Task RecordAsync(PulseDbContext db, HttpContext context, string action, string? target, string? detail, CancellationToken cancellationToken)
    {
        Add(db, context, action, target, detail);
        await db.SaveChangesAsync(cancellationToken);
    }

    private AuditLogEntry Entry(HttpContext context, string action, string? target, string? detail, string? actor) => new()
    {
        At = time.GetUtcNow(),
        Actor = actor ?? context.User.AuditName(),
        Action = action,
        Target = target,
        Detail = detail,
        Source = context.Connection.RemoteIpAddress?.ToString(),
    };
}

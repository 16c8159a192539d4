using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using Pulse.Contracts.Security;
using Pulse.Data;
using Pulse.Data.Entities;
using Pulse.Pipeline;
using StackExchange.Redis;

namespace Pulse.MigrationService.Bootstrap;

/// <summary>
/// The deployment's own decision about the <c>eventlog</c> consumer group, from what the AppHost
/// says it has (<see cref="BootstrapSettings.EventsDatabaseKey"/>): without an events database no
/// replica can ever serve the group, so it is retired in the deployment's name instead of holding
/// the stream until the backlog cap; with one again, that retirement (and only that one) is undone.
/// Each change is audited and shown on the Pipeline page like an operator's.
/// </summary>
public sealed partial class EventLogGroupBootstrap(IConnectionMultiplexer redis, PulseDbContext db, TimeProvider time, ILogger<EventLogGroupBootstrap> logger)
{
    public const string Reason = "This deployment has no events database (MongoDB): the AppHost found no mongod and no ConnectionStrings:events.";

    /// <returns>The change made, or null when there was nothing to do.</returns>
    public async Task<GroupStateChanged?> RunAsync(string eventsDatabase, CancellationToken cancellationToken)
    {
        const string group = EventStreamNames.Groups.EventLog;
        var control = new ConsumerGroupControl(redis, time);
        var decision = await GroupDecisions.ReadAsync(redis.GetDatabase(), group);
        GroupStateChanged? changed = eventsDatabase switch
        {
            BootstrapSettings.EventsDatabaseAbsent when decision?.State != ConsumerGroupState.Retired =>
                await control.RetireAsync(EventStreamNames.Key, group, Reason, BootstrapSettings.DeploymentActor),
            BootstrapSettings.EventsDatabasePresent when decision is { State: ConsumerGroupState.Retired, By: BootstrapSettings.DeploymentActor } =>
                await control.ResumeAsync(EventStreamNames.Key, group),
            _ => null,
        };
        if (changed is null)
        {
            return null;
        }
        var reason = changed.After == ConsumerGroupState.Retired ? Reason : "The deployment has an events database again.";
        db.AuditLog.Add(new AuditLogEntry
        {
            At = time.GetUtcNow(),
            Actor = BootstrapSettings.DeploymentActor,
            Action = changed.After == ConsumerGroupState.Retired ? AuditActions.GroupRetired : AuditActions.GroupResumed,
            Target = $"group:{group}",
            Detail = ConsumerGroupControl.AuditDetail(changed, reason),
            Source = Environment.MachineName,
        });
        await db.SaveChangesAsync(cancellationToken);
        GroupChanged(logger, group, ConsumerGroupControl.Name(changed.After), reason);
        return changed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer group {Group} is now {State}: {Reason}")]
    private static partial void GroupChanged(ILogger logger, string group, string state, string reason);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using Pulse.Contracts.Security;
using Pulse.IntegrationTests.Data;
using Pulse.MigrationService.Bootstrap;
using Pulse.Pipeline;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.MigrationService;

/// <summary>
/// The deployment's own decision about the event log's group, on real PostgreSQL and Redis: retired
/// in the deployment's name when it has no MongoDB, resumed when it has one again, and an operator's
/// retirement left to the operator.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class EventLogGroupBootstrapTests(PostgresServer postgres, RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private const string EventLog = EventStreamNames.Groups.EventLog;

    [Fact]
    public async Task Without_an_events_database_the_group_is_retired_once_and_resumed_when_there_is_one()
    {
        var database = await MigratedDatabase.CreateAsync(postgres, "bootstrap_eventlog");

        var retired = await RunAsync(database, BootstrapSettings.EventsDatabaseAbsent);
        var decision = await GroupDecisions.ReadAsync(redis.Connection.GetDatabase(), EventLog);
        var again = await RunAsync(database, BootstrapSettings.EventsDatabaseAbsent);
        var resumed = await RunAsync(database, BootstrapSettings.EventsDatabasePresent);

        Assert.Equal(ConsumerGroupState.Retired, retired!.After);
        Assert.Equal((BootstrapSettings.DeploymentActor, EventLogGroupBootstrap.Reason), (decision!.By, decision.Reason));
        Assert.Null(again);
        Assert.Equal((ConsumerGroupState.Retired, ConsumerGroupState.Running), (resumed!.Before, resumed.After));
        Assert.Null(await GroupDecisions.ReadAsync(redis.Connection.GetDatabase(), EventLog));
        await using var db = MigratedDatabase.Context(database);
        var audit = await db.AuditLog.OrderBy(entry => entry.Id).Select(entry => new { entry.Actor, entry.Action, entry.Target }).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(
            [(BootstrapSettings.DeploymentActor, AuditActions.GroupRetired, "group:eventlog"), (BootstrapSettings.DeploymentActor, AuditActions.GroupResumed, "group:eventlog")],
            audit.Select(entry => (entry.Actor, entry.Action, entry.Target!)));
    }

    [Fact]
    public async Task A_group_an_operator_retired_stays_retired_when_the_deployment_has_an_events_database()
    {
        var database = await MigratedDatabase.CreateAsync(postgres, "bootstrap_eventlog_operator");
        await new ConsumerGroupControl(redis.Connection, TimeProvider.System).RetireAsync(EventStreamNames.Key, EventLog, "MongoDB outage", "user:1:admin");

        var changed = await RunAsync(database, BootstrapSettings.EventsDatabasePresent);

        Assert.Null(changed);
        var decision = await GroupDecisions.ReadAsync(redis.Connection.GetDatabase(), EventLog);
        Assert.Equal(("user:1:admin", ConsumerGroupState.Retired), (decision!.By, decision.State));
    }

    private async Task<GroupStateChanged?> RunAsync(string database, string eventsDatabase)
    {
        await using var db = MigratedDatabase.Context(database);
        return await new EventLogGroupBootstrap(redis.Connection, db, TimeProvider.System, NullLogger<EventLogGroupBootstrap>.Instance)
            .RunAsync(eventsDatabase, TestContext.Current.CancellationToken);
    }

    public async ValueTask InitializeAsync() => await redis.FlushAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

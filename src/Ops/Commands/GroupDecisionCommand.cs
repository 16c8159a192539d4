using System.ComponentModel;
using Npgsql;
using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using Pulse.Contracts.Security;
using Pulse.Ops.Accounts;
using Pulse.Ops.Backfill;
using Pulse.Pipeline;
using Spectre.Console;
using Spectre.Console.Cli;
using StackExchange.Redis;

namespace Pulse.Ops.Commands;

/// <summary>
/// <c>pulse-ops pipeline pause|resume|retire GROUP</c>: an operator's decision about a consumer group
/// (see <see cref="ConsumerGroupControl"/>), recorded in the audit log as pulse-ops and the OS user.
/// </summary>
public abstract class GroupDecisionCommand : AsyncCommand<GroupDecisionCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<GROUP>")]
        [Description("The consumer group: eventlog or aggregates (or another group on the stream).")]
        public string Group { get; init; } = "";

        [CommandOption("--reason <TEXT>")]
        [Description("Why, for the audit log and the Pipeline page.")]
        public string? Reason { get; init; }

        [CommandOption("--redis <CONNECTION>")]
        [Description("StackExchange.Redis connection string (written: the group's decision, the consumer group).")]
        public string? Redis { get; init; }

        [CommandOption("--postgres <CONNECTION>")]
        [Description("PostgreSQL connection string of the pulse database (written: audit_log).")]
        public string? Postgres { get; init; }

        public override ValidationResult Validate() =>
            StoreConnections.RedisProblem(Redis) is { } redis ? ValidationResult.Error(redis)
            : StoreConnections.PostgresProblem(Postgres) is { } postgres ? ValidationResult.Error(postgres)
            : string.IsNullOrWhiteSpace(Group) ? ValidationResult.Error("GROUP is required.")
            : Reason is { Length: > ConsumerGroupControl.MaxReasonLength } ? ValidationResult.Error($"--reason takes at most {ConsumerGroupControl.MaxReasonLength} characters.")
            : ValidationResult.Success();
    }

    protected abstract string AuditAction { get; }

    protected abstract Task<GroupStateChanged> DecideAsync(ConsumerGroupControl control, string group, string? reason);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var targets = new CommandFailure.Targets(
            Postgres: StoreConnections.DescribePostgres(settings.Postgres!),
            Redis: StoreConnections.DescribeRedis(settings.Redis!));
        var group = settings.Group.Trim();
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(settings.Redis!);
            await using var postgres = NpgsqlDataSource.Create(settings.Postgres!);
            await SchemaCheck.RequireCurrentAsync(postgres, cancellationToken);

            var changed = await DecideAsync(new ConsumerGroupControl(redis, TimeProvider.System), group, settings.Reason);
            await OpsAudit.RecordAsync(postgres, AuditAction, $"group:{group}", ConsumerGroupControl.AuditDetail(changed, settings.Reason), CancellationToken.None);

            AnsiConsole.WriteLine($"{group}: {ConsumerGroupControl.Name(changed.Before)} -> {ConsumerGroupControl.Name(changed.After)}. {changed.Note}");
            return 0;
        }
        catch (UnknownConsumerGroupException exception)
        {
            Console.Error.WriteLine($"Failed: {exception.Message} Pulse's groups are {string.Join(" and ", EventStreamNames.Groups.All)}.");
            return CommandFailure.Failed;
        }
        catch (ConsumerGroupStateConflictException exception)
        {
            Console.Error.WriteLine($"Failed: {exception.Message}");
            return CommandFailure.Failed;
        }
        catch (Exception exception) when (CommandFailure.IsExpected(exception))
        {
            return CommandFailure.Report(exception, targets);
        }
    }
}

public sealed class PauseGroupCommand : GroupDecisionCommand
{
    public const string Description =
        "Stop every Ingestor replica reading a consumer group until it is resumed. Its entries wait in the stream and hold back trimming, up to the backlog cap. " +
        "Takes effect within a second, after the batch in flight.";

    protected override string AuditAction => AuditActions.GroupPaused;

    protected override Task<GroupStateChanged> DecideAsync(ConsumerGroupControl control, string group, string? reason) =>
        control.PauseAsync(EventStreamNames.Key, group, reason, OpsAudit.Actor);
}

public sealed class ResumeGroupCommand : GroupDecisionCommand
{
    public const string Description =
        "Let replicas read a paused or retired consumer group again: a paused one reads on from where it stopped, a retired one is recreated from the oldest entry the stream still holds.";

    protected override string AuditAction => AuditActions.GroupResumed;

    protected override Task<GroupStateChanged> DecideAsync(ConsumerGroupControl control, string group, string? reason) =>
        control.ResumeAsync(EventStreamNames.Key, group);
}

public sealed class RetireGroupCommand : GroupDecisionCommand
{
    public const string Description =
        "Give a consumer group up: it is removed from the stream with its pending entries, no replica reads it, and it holds back nothing, " +
        "so entries trimmed from then on never reach its store. For a deployment that runs without that group's store (MongoDB).";

    protected override string AuditAction => AuditActions.GroupRetired;

    protected override Task<GroupStateChanged> DecideAsync(ConsumerGroupControl control, string group, string? reason) =>
        control.RetireAsync(EventStreamNames.Key, group, reason, OpsAudit.Actor);
}

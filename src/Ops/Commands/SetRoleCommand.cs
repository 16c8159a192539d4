using System.ComponentModel;
using Npgsql;
using Pulse.Contracts.Security;
using Pulse.Ops.Accounts;
using Pulse.Ops.Backfill;
using Spectre.Console;
using Spectre.Console.Cli;
using StackExchange.Redis;

namespace Pulse.Ops.Commands;

/// <summary><c>pulse-ops roles set HANDLE ROLE</c>: an operator gives a user a role (see <see cref="RoleChange"/>).</summary>
public sealed class SetRoleCommand : AsyncCommand<SetRoleCommand.Settings>
{
    public const string Description =
        "Give a user a role: member, analyst or admin. The user's sessions end at once, so the role holds from their next sign-in. " +
        "Recorded in the audit log as pulse-ops and your OS user. Use it for the first admin of a database that has none, or when no admin can sign in.";

    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<HANDLE>")]
        [Description("The user's handle.")]
        public string Handle { get; init; } = "";

        [CommandArgument(1, "<ROLE>")]
        [Description("member, analyst or admin.")]
        public string Role { get; init; } = "";

        [CommandOption("--postgres <CONNECTION>")]
        [Description("PostgreSQL connection string of the pulse database (written: users, audit_log).")]
        public string? Postgres { get; init; }

        [CommandOption("--redis <CONNECTION>")]
        [Description("StackExchange.Redis connection string (the user's sessions are ended there).")]
        public string? Redis { get; init; }

        public override ValidationResult Validate() =>
            StoreConnections.PostgresProblem(Postgres) is { } postgres ? ValidationResult.Error(postgres)
            : StoreConnections.RedisProblem(Redis) is { } redis ? ValidationResult.Error(redis)
            : !Roles.All.Contains(Role.Trim().ToLowerInvariant()) ? ValidationResult.Error($"ROLE must be one of: {string.Join(", ", Roles.All)}.")
            : string.IsNullOrWhiteSpace(Handle) ? ValidationResult.Error("HANDLE is required.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var targets = new CommandFailure.Targets(
            Postgres: StoreConnections.DescribePostgres(settings.Postgres!),
            Redis: StoreConnections.DescribeRedis(settings.Redis!));
        var handle = settings.Handle.Trim().ToLowerInvariant();
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(settings.Redis!);
            await using var postgres = NpgsqlDataSource.Create(settings.Postgres!);
            await SchemaCheck.RequireCurrentAsync(postgres, cancellationToken);

            var summary = await new RoleChange(postgres, redis.GetDatabase()).RunAsync(handle, settings.Role.Trim().ToLowerInvariant(), cancellationToken);
            if (summary is null)
            {
                Console.Error.WriteLine($"Failed: there is no user '{handle}' in PostgreSQL at {targets.Postgres}.");
                return CommandFailure.Failed;
            }
            AnsiConsole.WriteLine(summary.Before == summary.After
                ? $"{summary.Handle} (user {summary.UserId}) is {summary.After} already; nothing changed."
                : $"{summary.Handle} (user {summary.UserId}) is now {summary.After} (was {summary.Before}); {summary.SessionsEnded} session(s) ended.");
            return 0;
        }
        catch (Exception exception) when (CommandFailure.IsExpected(exception))
        {
            return CommandFailure.Report(exception, targets);
        }
    }
}

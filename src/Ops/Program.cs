using System.Runtime.InteropServices;
using Pulse.Ops.Commands;
using Spectre.Console.Cli;

// The first Ctrl+C (SIGINT), or SIGTERM (kill, timeout, a container stopping), cancels the running
// command through its CancellationToken instead of killing the process, so a backfill can say what
// it left behind (nothing half-replaced); a second one ends the process at once (a client can be
// slow to notice: Npgsql waits out its connect timeout).
var cancellation = new CancellationTokenSource();
void Stop(PosixSignalContext signal)
{
    signal.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("pulse-ops");
    config.SetExceptionHandler(CommandFailure.Unexpected);
    config.AddBranch("backfill", backfill =>
    {
        backfill.SetDescription("Rebuild derived data from its source of truth.");
        backfill.AddCommand<BackfillCountersCommand>("counters").WithDescription(BackfillCountersCommand.Description);
        backfill.AddCommand<BackfillAggregatesCommand>("aggregates").WithDescription(BackfillAggregatesCommand.Description);
    });
    config.AddBranch("pipeline", pipeline =>
    {
        pipeline.SetDescription("Decide about the event stream's consumer groups: pause, resume or retire one.");
        pipeline.AddCommand<PauseGroupCommand>("pause").WithDescription(PauseGroupCommand.Description);
        pipeline.AddCommand<ResumeGroupCommand>("resume").WithDescription(ResumeGroupCommand.Description);
        pipeline.AddCommand<RetireGroupCommand>("retire").WithDescription(RetireGroupCommand.Description);
    });
    config.AddBranch("roles", roles =>
    {
        roles.SetDescription("Who may read analytics and administer Pulse.");
        roles.AddCommand<SetRoleCommand>("set").WithDescription(SetRoleCommand.Description);
    });
});
return await app.RunAsync(args, cancellation.Token);

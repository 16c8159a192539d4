using Pulse.Ops.Commands;
using Spectre.Console.Cli;

// Ctrl+C cancels the running command through its CancellationToken instead of killing the
// process, so a backfill can say what it left behind (nothing half-replaced).
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) =>
{
    press.Cancel = true;
    cancellation.Cancel();
};

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
});
return await app.RunAsync(args, cancellation.Token);

using Microsoft.Extensions.Options;
using Pulse.MigrationService.Extensions;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddMigrationServices();

using var host = builder.Build();
try
{
    await host.RunAsync();
}
catch (OptionsValidationException invalid)
{
    Console.Error.WriteLine($"Pulse.MigrationService cannot start: {string.Join(" ", invalid.Failures)}");
    return 2;
}
// The worker sets a non-zero exit code when migrating or seeding failed, so nothing waiting on it starts.
return Environment.ExitCode;

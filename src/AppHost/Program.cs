using Pulse.AppHost.Hosting.Local;
using Pulse.AppHost.Infrastructure;
using Pulse.Contracts;

var (hostArgs, localSwitch) = InfrastructureSettings.ExtractLocalSwitch(args);
var (appArgs, simulateSwitch) = SimulationSettings.ExtractSwitch(hostArgs);
var builder = DistributedApplication.CreateBuilder(appArgs);
if (localSwitch)
{
    builder.Configuration[InfrastructureSettings.ModeKey] = nameof(InfrastructureMode.Local);
}
if (simulateSwitch)
{
    builder.Configuration[SimulationSettings.EnabledKey] = bool.TrueString;
}

var choice = await InfrastructureSelector.ChooseAsync(
    builder.Configuration,
    builder.ExecutionContext.IsPublishMode,
    cancellationToken => ContainerRuntimeProbe.FindProblemAsync(builder.Configuration, cancellationToken));

PulseInfrastructure infrastructure;
try
{
    infrastructure = choice.Mode == InfrastructureMode.Containers
        ? builder.AddContainerInfrastructure(choice)
        : builder.AddLocalInfrastructure(choice, LocalServerBinaries.Find());
}
catch (InfrastructureException exception)
{
    Console.Error.WriteLine($"Pulse cannot start: {exception.Message}");
    return 1;
}
builder.LogInfrastructure(infrastructure);

// The first admin key, so the first keys can be made: generated once and kept in the AppHost's
// user secrets; Parameters__pulse-admin-key sets it.
var adminKey = builder.AddParameter(ParameterNames.AdminKey, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

var migrations = builder.AddProject<Projects.Pulse_MigrationService>(ResourceNames.Migrations)
    .WithStore(infrastructure.PulseDatabase)
    .WithSeedScale();

var api = builder.AddProject<Projects.Pulse_Api>(ResourceNames.Api)
    .WithStore(infrastructure.PulseDatabase).WaitForCompletion(migrations)
    .WithStore(infrastructure.Redis)
    .WithEventsDatabase(infrastructure)
    .WithEnvironment("Pulse__Auth__BootstrapAdminKey", adminKey)
    .WithStableHttpPort(InfrastructureSettings.ApiPort)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.AddProject<Projects.Pulse_Ingestor>(ResourceNames.Ingestor)
    .WithStore(infrastructure.PulseDatabase).WaitForCompletion(migrations)
    .WithStore(infrastructure.Redis)
    .WithEventsDatabase(infrastructure)
    .WithHttpHealthCheck("/health");

// F5 with --simulate: live traffic through the Api, so the dashboards move. Never deployed.
if (builder.ExecutionContext.IsRunMode && SimulationSettings.IsEnabled(builder.Configuration))
{
    builder.AddProject<Projects.Pulse_LoadGen>(ResourceNames.Simulator)
        .WithArgs("simulate", "--rate", SimulationSettings.ReadRate(builder.Configuration).ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "0", "--diurnal")
        .WithReference(api).WaitFor(api)
        .WithReference(infrastructure.PulseDatabase)
        .WithEnvironment("PULSE_API_KEY", adminKey);
}

// The Web subscribes to the trending channel itself (Redis pub/sub), so every replica pushes changes
// to the browsers connected to it.
builder.AddProject<Projects.Pulse_Web>(ResourceNames.Web)
    .WithReference(api).WaitFor(api)
    .WithStore(infrastructure.Redis)
    .WithEnvironment("Pulse__Api__AdminKey", adminKey)
    .WithStableHttpPort(InfrastructureSettings.WebPort)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

await builder.Build().RunAsync();
return 0;

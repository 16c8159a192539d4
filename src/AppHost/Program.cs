using Pulse.AppHost.Hosting.Local;
using Pulse.AppHost.Infrastructure;
using Pulse.Contracts;
using Pulse.Contracts.Privacy;

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

// The first admin key and the first admin account's password, so a new deployment can be operated:
// generated once and kept in the AppHost's user secrets (the dashboard's Parameters tab shows them);
// Parameters__pulse-admin-key and Parameters__pulse-admin-password set them. The migration step adds
// both when absent; afterwards they are managed like any other key and account.
var adminKey = builder.AddParameter(ParameterNames.AdminKey, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
var adminPassword = builder.AddParameter(ParameterNames.AdminPassword, new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true);
// The salt of anonymised users' pseudonyms: generated once and kept like the two above. Replacing it
// gives users anonymised later other pseudonyms; the ones already given stay.
var pseudonymSalt = builder.AddParameter(ParameterNames.PseudonymSalt, new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);

var migrations = builder.AddProject<Projects.Pulse_MigrationService>(ResourceNames.Migrations)
    .WithStore(infrastructure.PulseDatabase)
    .WithEventLogGroupDecision(infrastructure)
    .WithSeedScale()
    .WithEnvironment(SeedSettings.EnvironmentVariable(BootstrapSettings.AdminKeyKey), adminKey)
    .WithEnvironment(SeedSettings.EnvironmentVariable(BootstrapSettings.AdminPasswordKey), adminPassword);

var api = builder.AddProject<Projects.Pulse_Api>(ResourceNames.Api)
    .WithStore(infrastructure.PulseDatabase).WaitForCompletion(migrations)
    .WithStore(infrastructure.Redis)
    .WithEventsDatabase(infrastructure)
    .WithLoopbackProxiesTrusted()
    .WithStableHttpPort(InfrastructureSettings.ApiPort)
    .WithHealthEndpoint()
    .WithExternalHttpEndpoints();

builder.AddProject<Projects.Pulse_Ingestor>(ResourceNames.Ingestor)
    .WithStore(infrastructure.PulseDatabase).WaitForCompletion(migrations)
    .WithStore(infrastructure.Redis)
    .WithEventsDatabase(infrastructure)
    .WithEnvironment(SeedSettings.EnvironmentVariable(ErasureSettings.PseudonymSaltKey), pseudonymSalt)
    .WithHealthEndpoint();

// F5 with --simulate: live traffic through the Api, so the dashboards move. Never deployed.
if (builder.ExecutionContext.IsRunMode && SimulationSettings.IsEnabled(builder.Configuration))
{
    builder.AddProject<Projects.Pulse_LoadGen>(ResourceNames.Simulator)
        .WithArgs("simulate", "--rate", SimulationSettings.ReadRate(builder.Configuration).ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "0", "--diurnal")
        .WithReference(api).WaitUntilServing(api)
        .WithReference(infrastructure.PulseDatabase)
        .WithEnvironment("PULSE_API_KEY", adminKey);
}

// The Web subscribes to the trending channel itself (Redis pub/sub), so every replica pushes changes
// to the browsers connected to it, as a Redis user that may do nothing else. It holds no key: it calls
// the Api with each signed-in person's token. It starts once the Api serves, degraded or not: what a
// missing store holds, its pages show as unavailable.
builder.AddProject<Projects.Pulse_Web>(ResourceNames.Web)
    .WithReference(api).WaitUntilServing(api)
    .WithRedisSubscriber(infrastructure.Redis)
    .WithStableHttpPort(InfrastructureSettings.WebPort)
    .WithHealthEndpoint()
    .WithExternalHttpEndpoints();

await builder.Build().RunAsync();
return 0;

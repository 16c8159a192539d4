using Pulse.Contracts;

namespace Pulse.LoadGen.Simulation;

/// <summary>Where the tool finds the Api, its key and PostgreSQL: the option, else what the AppHost sets, else the local defaults.</summary>
public static class ApiTarget
{
    public const string DefaultApi = "http://localhost:5180";

    public const string KeyVariable = "PULSE_API_KEY";

    public static string Address(string? option) => option
        ?? Environment.GetEnvironmentVariable($"services__{ResourceNames.Api}__http__0")
        ?? Environment.GetEnvironmentVariable($"services__{ResourceNames.Api}__https__0")
        ?? DefaultApi;

    public static string? Key(string? option) => option ?? Environment.GetEnvironmentVariable(KeyVariable);

    public static string? Postgres(string? option) => option ?? Environment.GetEnvironmentVariable($"ConnectionStrings__{ResourceNames.PulseDatabase}");
}

using System.ComponentModel;
using System.Globalization;
using Pulse.LoadGen.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pulse.LoadGen.Commands;

/// <summary>What the commands that load the running pipeline share: where it is, and the offered rates, freshness and sink runs.</summary>
public abstract class PipelineLoadSettings : CommandSettings
{
    [CommandOption("--api <URL>")]
    [Description("The running Api (default: services__api__http__0, else http://localhost:5180). Its rate limits must allow the offered rates.")]
    public string? Api { get; init; }

    [CommandOption("--key <KEY>")]
    [Description("An admin API key (or set PULSE_API_KEY).")]
    public string? Key { get; init; }

    [CommandOption("--postgres <CONNECTION>")]
    [Description("The Api's PostgreSQL (or ConnectionStrings__pulse): users and posts are read from it, the sink benchmark writes to it.")]
    public string? Postgres { get; init; }

    /// <summary>Offered rates, comma-separated, in batches of 100 (each command has its own default).</summary>
    public abstract string Rates { get; init; }

    [CommandOption("--freshness-rate <EVENTS_PER_SECOND>")]
    [DefaultValue(2000)]
    public int FreshnessRate { get; init; }

    [CommandOption("--markers <COUNT>")]
    [DefaultValue(40)]
    public int Markers { get; init; }

    [CommandOption("--sink-batches <COUNT>")]
    [Description("5,000-event batches for the aggregates sink benchmark.")]
    [DefaultValue(40)]
    public int SinkBatches { get; init; }

    public string ApiAddress => ApiTarget.Address(Api);

    public string? ApiKey => ApiTarget.Key(Key);

    public string? PostgresConnection => ApiTarget.Postgres(Postgres);

    public int[] OfferedRates => [.. Rates.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(rate => int.Parse(rate, CultureInfo.InvariantCulture))];

    /// <summary>The first problem with the shared options, or null.</summary>
    protected ValidationResult? SharedProblem(bool keyRequired, int stepSeconds) =>
        !Uri.TryCreate(ApiAddress, UriKind.Absolute, out _) ? ValidationResult.Error("--api must be an absolute URL.")
        : keyRequired && string.IsNullOrWhiteSpace(ApiKey) ? ValidationResult.Error($"--key (or {ApiTarget.KeyVariable}) is required: an admin key.")
        : string.IsNullOrWhiteSpace(PostgresConnection) ? ValidationResult.Error("--postgres (or ConnectionStrings__pulse) is required.")
        : !Rates.Split(',', StringSplitOptions.RemoveEmptyEntries).All(rate => int.TryParse(rate, CultureInfo.InvariantCulture, out var r) && r >= 100)
            ? ValidationResult.Error("--rates must be comma-separated whole numbers of at least 100.")
        : stepSeconds < 1 || Markers < 1 || SinkBatches < 1 || FreshnessRate < 100
            ? ValidationResult.Error("--step-seconds, --markers and --sink-batches must be positive, --freshness-rate at least 100.")
        : null;
}

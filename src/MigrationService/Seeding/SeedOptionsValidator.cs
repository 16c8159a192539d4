using Microsoft.Extensions.Options;
using Pulse.Contracts;
using Pulse.Data.Seeding;

namespace Pulse.MigrationService.Seeding;

internal sealed class SeedOptionsValidator : IValidateOptions<SeedOptions>
{
    public static readonly IReadOnlyList<string> Scales = [SeedSettings.NoSeed, .. SeedScale.All.Select(scale => scale.Name)];

    public ValidateOptionsResult Validate(string? name, SeedOptions options)
    {
        var failures = new List<string>();
        if (!string.Equals(options.Scale?.Trim(), SeedSettings.NoSeed, StringComparison.OrdinalIgnoreCase) && !SeedScale.TryParse(options.Scale, out _))
        {
            failures.Add($"{SeedSettings.ScaleKey} must be one of {string.Join(", ", Scales)}; it is '{options.Scale}'.");
        }
        if (options.ActivityDays is < 0 or > SeedRequest.MaxActivityDays)
        {
            failures.Add($"{SeedSettings.ActivityDaysKey} must be between 0 and {SeedRequest.MaxActivityDays}; it is {options.ActivityDays}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

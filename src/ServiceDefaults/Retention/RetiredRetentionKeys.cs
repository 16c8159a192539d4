using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Pulse.ServiceDefaults.Retention;

/// <summary>
/// The settings <c>Pulse:Retention</c> replaced. One still set stops the start, naming its new key:
/// honouring it silently would leave two answers to "how long is this kept", and ignoring it would
/// change a deployment's retention without a word.
/// </summary>
public sealed class RetiredRetentionKeys(IConfiguration configuration) : IValidateOptions<RetentionOptions>
{
    public static readonly IReadOnlyDictionary<string, string> Replacements = new Dictionary<string, string>
    {
        ["Pulse:EventLog:Retention"] = RetentionOptions.Key(nameof(RetentionOptions.RawEvents)),
        ["Pulse:Ingestor:Aggregates:DedupeRetention"] = RetentionOptions.Key(nameof(RetentionOptions.DedupeIds)),
    };

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = Replacements
            .Where(retired => configuration[retired.Key] is not null)
            .Select(retired => $"{retired.Key} is no longer read: set {retired.Value} instead (same value) and remove {retired.Key}.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

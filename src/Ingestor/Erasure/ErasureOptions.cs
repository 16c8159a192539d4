using System.ComponentModel.DataAnnotations;

namespace Pulse.Ingestor.Erasure;

/// <summary>How the Ingestor runs erasure jobs (<c>Pulse:Erasure</c>).</summary>
public sealed class ErasureOptions : IValidatableObject
{
    public const string SectionName = "Pulse:Erasure";

    public const int MinSaltLength = 32;

    /// <summary>
    /// The platform's secret salt of anonymised users' pseudonyms (an AppHost parameter): without it
    /// nobody can tell whose a pseudonym is, with it the platform finds the same pseudonym again.
    /// Changing it gives users anonymised later other pseudonyms; those already given stay.
    /// </summary>
    public string? PseudonymSalt { get; set; }

    /// <summary>How often an idle runner looks for a job (a poll, not traced).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a runner holds a job without renewing: another runner takes over a job whose runner died after this.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a step that waits (for batches in flight) looks again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan WaitInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a job waits after a store failed before it is tried again (from the step it was at).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A pending entry idle longer than this was read by a consumer that died or hangs, not one still
    /// storing it: the erasure stops waiting for it (it is claimed and read again before it is stored).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(PseudonymSalt) || PseudonymSalt.Length < MinSaltLength)
        {
            yield return new ValidationResult(
                $"{SectionName}:PseudonymSalt must be a secret of at least {MinSaltLength} characters (the AppHost's parameter pulse-pseudonym-salt sets it).",
                [nameof(PseudonymSalt)]);
        }
        if (LeaseDuration <= WaitInterval * 4)
        {
            yield return new ValidationResult(
                $"{SectionName}:LeaseDuration ({LeaseDuration}) must be more than four times {SectionName}:WaitInterval ({WaitInterval}), so a waiting runner renews its lease in time.",
                [nameof(LeaseDuration), nameof(WaitInterval)]);
        }
    }
}

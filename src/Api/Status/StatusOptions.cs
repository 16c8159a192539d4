using System.ComponentModel.DataAnnotations;

namespace Pulse.Api.Status;

public sealed class StatusOptions
{
    public const string SectionName = "Pulse:Status";

    /// <summary>How long one store's probe may take before it is reported down.</summary>
    [Range(100, 60_000)]
    public int ProbeTimeoutMs { get; set; } = 2_000;
}

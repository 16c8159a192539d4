using System.ComponentModel.DataAnnotations;

namespace Pulse.Web.Services.Api;

public sealed class PulseApiOptions
{
    public const string SectionName = "Pulse:Api";

    /// <summary>The Api's address: a service-discovery name under Aspire, or a plain URL.</summary>
    [Required]
    public string BaseAddress { get; set; } = "https+http://api";
}

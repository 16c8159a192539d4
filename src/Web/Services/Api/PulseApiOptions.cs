using System.ComponentModel.DataAnnotations;

namespace Pulse.Web.Services.Api;

public sealed class PulseApiOptions
{
    public const string SectionName = "Pulse:Api";

    /// <summary>The Api's address: a service-discovery name under Aspire, or a plain URL.</summary>
    [Required]
    public string BaseAddress { get; set; } = "https+http://api";

    /// <summary>The admin API key the Web calls the Api with (the AppHost's <c>pulse-admin-key</c>).</summary>
    public string? AdminKey { get; set; }
}

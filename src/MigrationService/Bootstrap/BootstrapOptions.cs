using System.ComponentModel.DataAnnotations;
using Pulse.Contracts;

namespace Pulse.MigrationService.Bootstrap;

/// <summary>Configuration section <c>Pulse:Bootstrap</c>: the first admin key and account (see <see cref="BootstrapSettings"/>).</summary>
public sealed record BootstrapOptions
{
    [MinLength(24, ErrorMessage = "Pulse:Bootstrap:AdminKey must be at least 24 characters (or empty for none).")]
    public string? AdminKey { get; set; }

    [RegularExpression("^[a-z0-9_]{3,30}$", ErrorMessage = "Pulse:Bootstrap:AdminHandle must be 3 to 30 lower-case letters, digits or underscores.")]
    public string AdminHandle { get; set; } = BootstrapSettings.DefaultAdminHandle;

    [MinLength(12, ErrorMessage = "Pulse:Bootstrap:AdminPassword must be at least 12 characters (or empty for no first admin).")]
    public string? AdminPassword { get; set; }

    /// <summary><c>present</c> or <c>absent</c>, from the AppHost (see <see cref="BootstrapSettings.EventsDatabaseKey"/>); unset: the event log's group is left as it is.</summary>
    [RegularExpression("^(present|absent)$", ErrorMessage = "Pulse:Bootstrap:EventsDatabase must be 'present' or 'absent' (or unset).")]
    public string? EventsDatabase { get; set; }
}

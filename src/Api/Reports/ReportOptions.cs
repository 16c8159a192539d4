using System.ComponentModel.DataAnnotations;

namespace Pulse.Api.Reports;

/// <summary>Settings of the cross-database reports, from <c>Pulse:Reports</c>.</summary>
public sealed class ReportOptions
{
    public const string SectionName = "Pulse:Reports";

    /// <summary>How long a built overview report is served from Redis before it is built again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the report waits for MongoDB's breakdown before it goes out without it (marked
    /// unavailable): a MongoDB that does not answer must not hold the rest of the report back.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan EventStoreTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

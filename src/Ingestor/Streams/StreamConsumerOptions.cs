using System.ComponentModel.DataAnnotations;
using Pulse.Contracts;

namespace Pulse.Ingestor.Streams;

public sealed class StreamConsumerOptions
{
    public const string SectionName = "Pulse:Ingestor";

    [Required]
    public string StreamKey { get; set; } = EventStreamNames.Key;

    [Required]
    public string Group { get; set; } = EventStreamNames.Groups.Aggregates;

    /// <summary>
    /// This replica's name within the group. Stable across restarts of the same replica, so the
    /// entries it had read but not acknowledged are read again when it comes back.
    /// </summary>
    [Required]
    public string ConsumerName { get; set; } = Environment.MachineName;

    /// <summary>Most entries read (and acknowledged) in one round trip.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Pause before reading again when the stream had nothing new.</summary>
    [Range(1, 60_000)]
    public int IdlePollMs { get; set; } = 200;

    /// <summary>Pause after a failed round trip before trying again.</summary>
    [Range(1, 300_000)]
    public int ErrorBackoffMs { get; set; } = 1_000;
}

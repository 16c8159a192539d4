namespace Pulse.Data.Entities;

/// <summary>A seed that was loaded, so loading it again changes nothing.</summary>
public sealed class SeedRun
{
    public required string Scale { get; set; }

    public int RandomSeed { get; set; }

    public int Users { get; set; }

    public int Posts { get; set; }

    public int Follows { get; set; }

    public DateTimeOffset CompletedAt { get; set; }
}

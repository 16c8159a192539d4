namespace Pulse.Data.Seeding;

/// <summary>How much seed data to make: a name and its row counts.</summary>
/// <param name="Follows">A target: the generated count comes within a few percent of it.</param>
public sealed record SeedScale(string Name, int Users, int Posts, int Follows)
{
    /// <summary>For tests: loads in about a second.</summary>
    public static readonly SeedScale Small = new("small", 1_000, 10_000, 10_000);

    /// <summary>For F5: enough for the dashboard and the analytics queries to look real.</summary>
    public static readonly SeedScale Demo = new("demo", 10_000, 100_000, 300_000);

    /// <summary>For load tests.</summary>
    public static readonly SeedScale Large = new("large", 100_000, 1_000_000, 3_000_000);

    public static readonly IReadOnlyList<SeedScale> All = [Small, Demo, Large];

    public static bool TryParse(string? name, out SeedScale scale)
    {
        scale = All.FirstOrDefault(candidate => string.Equals(candidate.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))!;
        return scale is not null;
    }

    public override string ToString() => Name;
}

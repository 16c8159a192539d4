namespace Pulse.Data.Seeding;

/// <summary>
/// Where seeded users live: ISO 3166-1 alpha-2 codes weighted roughly like internet users per country
/// (ITU/DataReportal orders of magnitude), without China, where Western social networks are blocked.
/// Each country names its people with a Bogus locale.
/// </summary>
internal static class CountryMix
{
    public sealed record Country(string Code, double Weight, string Locale);

    public static readonly IReadOnlyList<Country> Countries =
    [
        new("IN", 18.0, "en_IND"),
        new("US", 12.0, "en_US"),
        new("ID", 8.0, "id_ID"),
        new("BR", 7.0, "pt_BR"),
        new("NG", 4.0, "en_NG"),
        new("RU", 4.0, "ru"),
        new("JP", 4.0, "ja"),
        new("MX", 4.0, "es_MX"),
        new("PH", 3.5, "en"),
        new("DE", 3.0, "de"),
        new("VN", 3.0, "vi"),
        new("TR", 2.8, "tr"),
        new("GB", 2.6, "en_GB"),
        new("FR", 2.4, "fr"),
        new("IT", 2.0, "it"),
        new("KR", 2.0, "ko"),
        new("ES", 1.8, "es"),
        new("CA", 1.4, "en_CA"),
        new("PL", 1.2, "pl"),
        new("ZA", 1.2, "en_ZA"),
        new("AU", 1.0, "en_AU"),
        new("NL", 0.8, "nl"),
        new("UA", 0.8, "uk"),
        new("SE", 0.5, "sv"),
        new("RO", 0.5, "ro"),
        new("PT", 0.4, "pt_PT"),
        new("IE", 0.2, "en_IE"),
        new("FI", 0.2, "fi"),
        new("NO", 0.2, "nb_NO"),
    ];

    public static AliasTable CreateSampler() => new([.. Countries.Select(country => country.Weight)]);

    /// <summary>Each country's share of users, as the generator aims for it.</summary>
    public static IReadOnlyDictionary<string, double> ExpectedShares()
    {
        var total = Countries.Sum(country => country.Weight);
        return Countries.ToDictionary(country => country.Code, country => country.Weight / total);
    }
}

using Bogus;
using Bogus.DataSets;

namespace Pulse.Data.Seeding;

/// <summary>
/// Makes seed users: a country from <see cref="CountryMix"/>, a name in that country's locale, a
/// handle from the name and an e-mail address from the handle. Addresses are on the reserved
/// example.com/.net/.org domains, so no real mailbox is ever written to.
/// </summary>
internal sealed class UserWriter
{
    private static readonly string[] MailDomains = ["example.com", "example.net", "example.org", "mail.example.com"];

    private readonly Random random;
    private readonly AliasTable countries = CountryMix.CreateSampler();
    private readonly Dictionary<string, Name> namesByLocale = new(StringComparer.Ordinal);
    private readonly Name latinNames;
    private readonly Handles handles;
    private readonly int nameSeed;

    public UserWriter(int seed)
    {
        random = RandomStreams.For(seed, RandomStreams.Users);
        nameSeed = RandomStreams.Derive(seed, RandomStreams.Names);
        latinNames = new Name("en") { Random = new Randomizer(nameSeed) };
        handles = new Handles(random);
    }

    public SeedUser Write(DateTimeOffset createdAt)
    {
        var country = CountryMix.Countries[countries.Sample(random)];
        var names = NamesFor(country.Locale);
        var gender = random.Next(2) == 0 ? Name.Gender.Female : Name.Gender.Male;
        var first = names.FirstName(gender);
        var last = names.LastName(gender);

        var (handleFirst, handleLast) = (Latin(first, country.Locale), Latin(last, country.Locale));
        if (handleFirst.Length == 0 || handleLast.Length == 0)
        {
            // A name in a script with no transliteration here: people there often pick a Latin handle.
            (handleFirst, handleLast) = (Handles.Fold(latinNames.FirstName(gender)), Handles.Fold(latinNames.LastName(gender)));
        }
        var handle = handles.Claim(handleFirst, handleLast);
        // '_' to '.' maps distinct handles to distinct local parts, so addresses are unique too.
        var email = $"{handle.Replace('_', '.')}@{MailDomains[random.Next(MailDomains.Length)]}";
        var displayName = country.Locale is "ja" or "ko" ? $"{last} {first}" : $"{first} {last}";

        return new SeedUser(handle, displayName, email, country.Code, createdAt);
    }

    private Name NamesFor(string locale)
    {
        if (!namesByLocale.TryGetValue(locale, out var names))
        {
            // One seeded stream per locale, created in a fixed order of first use: deterministic.
            names = new Name(locale) { Random = new Randomizer(nameSeed + namesByLocale.Count + 1) };
            namesByLocale.Add(locale, names);
        }
        return names;
    }

    private static string Latin(string name, string locale) =>
        Handles.Fold(locale is "ru" or "uk" ? Transliterater.Translate(name, locale) : name);
}

namespace Pulse.Data.Seeding;

/// <summary>
/// The tags seed posts carry, most used first: a post's tags are drawn with Zipf frequencies over
/// this order, so the first few are everywhere and the last are rare, as hashtags are.
/// </summary>
internal static class TagVocabulary
{
    public static readonly IReadOnlyList<string> Tags =
    [
        "news", "music", "football", "ai", "travel", "food", "photography", "tech", "gaming", "art",
        "fitness", "movies", "fashion", "books", "nature", "politics", "science", "startups", "coffee", "cats",
        "dogs", "design", "crypto", "health", "cooking", "running", "basketball", "climate", "education", "memes",
        "programming", "dotnet", "cricket", "anime", "kpop", "formula1", "space", "history", "jobs", "marketing",
        "weekend", "mondaymotivation", "tbt", "selfcare", "gardening", "recipes", "hiking", "cycling", "yoga", "podcast",
        "javascript", "python", "rust", "opensource", "cloud", "security", "datascience", "ux", "productivity", "remotework",
        "parenting", "pets", "diy", "architecture", "cars", "tennis", "baseball", "olympics", "worldcup", "concerts",
        "jazz", "hiphop", "classical", "indie", "streetart", "sunset", "beach", "mountains", "winter", "summer",
        "vegan", "bbq", "baking", "wine", "beer", "tea", "chess", "boardgames", "esports", "retrogaming",
        "astronomy", "physics", "biology", "economics", "philosophy", "poetry", "writing", "languages", "volunteering", "sustainability",
    ];

    /// <summary>Zipf's exponent for tag frequencies: close to 1, as word and hashtag counts are.</summary>
    public const double ZipfExponent = 1.1;

    public static AliasTable CreateSampler() => new(Distributions.ZipfWeights(Tags.Count, ZipfExponent));
}

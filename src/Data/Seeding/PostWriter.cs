using System.Text;
using Bogus;
using Bogus.DataSets;

namespace Pulse.Data.Seeding;

/// <summary>
/// Writes the short posts people write: one or two sentences from everyday templates, filled with
/// Bogus's words and places, with 0-4 tags (Zipf-distributed) some of which show as hashtags.
/// </summary>
internal sealed class PostWriter
{
    // P(0..4 tags): most posts carry none or one.
    private static readonly double[] TagCountWeights = [0.35, 0.30, 0.20, 0.10, 0.05];

    private static readonly string[] Openers =
    [
        "Just", "Finally", "Today I", "This morning I", "Last night we", "Can't believe I", "Honestly, I", "So I",
    ];

    private static readonly string[] Activities =
    [
        "finished reading a great book", "tried a new recipe", "went for a long run", "shipped a feature at work",
        "watched the match", "visited my grandparents", "cleaned the whole flat", "started learning the guitar",
        "fixed a bug that took three days", "planted tomatoes", "booked my summer holiday", "baked bread",
        "got a new phone", "signed up for a marathon", "rewrote my resume", "adopted a kitten",
    ];

    private static readonly string[] Reactions =
    [
        "Best decision ever.", "Not sure how I feel about it.", "Highly recommend!", "Never again.", "Worth it.",
        "Still thinking about it.", "10/10 would do it again.", "Thoughts?", "What a day.", "Feeling grateful.",
        "Anyone else?", "Who's with me?", "Send coffee.", "Pure joy.", "That's all, that's the post.",
    ];

    private static readonly string[] Opinions =
    [
        "pineapple belongs on pizza", "meetings should be emails", "the sequel was better", "tabs beat spaces",
        "Monday is the best day to start", "vinyl sounds warmer", "remote work is here to stay",
        "breakfast is overrated", "the book was better than the film", "cats are smarter than dogs",
    ];

    private readonly Random random;
    private readonly Address places;
    private readonly Hacker tech;
    private readonly Music music;
    private readonly Commerce shop;
    private readonly AliasTable tags = TagVocabulary.CreateSampler();
    private readonly AliasTable tagCounts = new(TagCountWeights);

    public PostWriter(int seed)
    {
        random = RandomStreams.For(seed, RandomStreams.Posts);
        var text = new Randomizer(RandomStreams.Derive(seed, RandomStreams.Text));
        places = new Address("en") { Random = text };
        tech = new Hacker("en") { Random = text };
        music = new Music { Random = text };
        shop = new Commerce("en") { Random = text };
    }

    public (string Content, string[] Tags) Write()
    {
        var postTags = DrawTags();
        var content = new StringBuilder(Sentence());
        if (random.NextDouble() < 0.4)
        {
            content.Append(' ').Append(Reactions[random.Next(Reactions.Length)]);
        }
        foreach (var tag in postTags)
        {
            if (random.NextDouble() < 0.5)
            {
                content.Append(" #").Append(tag);
            }
        }
        return (content.ToString(), postTags);
    }

    private string Sentence() => random.Next(9) switch
    {
        0 => $"{Pick(Openers)} {Pick(Activities)}.",
        1 => $"Hot take: {Pick(Opinions)}.",
        2 => $"Spent the weekend in {places.City()}.",
        3 => $"Anyone else think {Pick(Opinions)}?",
        4 => $"Listening to {music.Genre().ToLowerInvariant()} on repeat today.",
        5 => $"New post on the blog: {tech.Phrase()}",
        6 => $"Bought a new {shop.ProductName().ToLowerInvariant()}.",
        7 => $"Our team is hiring! We {tech.Verb()} {tech.Adjective()} {tech.Noun()}s all day.",
        _ => $"Morning walk along {places.StreetName()}.",
    };

    private string[] DrawTags()
    {
        var count = tagCounts.Sample(random);
        if (count == 0)
        {
            return [];
        }
        var chosen = new List<string>(count);
        while (chosen.Count < count)
        {
            var tag = TagVocabulary.Tags[tags.Sample(random)];
            if (!chosen.Contains(tag))
            {
                chosen.Add(tag);
            }
        }
        return [.. chosen];
    }

    private string Pick(string[] options) => options[random.Next(options.Length)];
}

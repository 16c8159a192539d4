using MongoDB.Bson;
using MongoDB.Driver;
using Pulse.Contracts.Realtime;
using Pulse.Ingestor.Erasure;
using static Pulse.IntegrationTests.EventLogLanguage.SinkDocuments;

namespace Pulse.IntegrationTests.EventLogLanguage;

/// <summary>
/// Erasure's filters, evaluated by mingo over documents as the sink writes them: they select exactly
/// the user's own events, and exactly the events that target the user (no server needed).
/// </summary>
public class ErasureFiltersMingoTests
{
    private const long User = 7;

    private static readonly List<BsonDocument> Documents = Of(
        Event(1, User, EventTypes.PostView, At(9), post: 100),
        Event(2, User, EventTypes.Search, At(9)),
        Event(3, User, EventTypes.UserFollow, At(10), target: 8),
        Event(4, 8, EventTypes.UserFollow, At(10), target: User),
        Event(5, 8, EventTypes.ProfileView, At(11), target: User),
        Event(6, 9, EventTypes.UserUnfollow, At(11), target: User),
        Event(7, 9, EventTypes.ProfileView, At(12), target: 8),
        Event(8, 9, EventTypes.PostView, At(12), post: User),
        Event(9, 70, EventTypes.PostLike, At(13), post: 100),
        Event(10, 8, EventTypes.Search, At(13)));

    [Fact]
    public async Task The_own_events_filter_selects_every_event_of_the_user_and_no_other()
    {
        Assert.Equal([1, 2, 3], await SelectedAsync(EventLogErasure.OwnEvents(User)));
    }

    [Fact]
    public async Task The_targeted_by_filter_selects_every_event_targeting_the_user_and_not_a_post_with_the_same_number()
    {
        Assert.Equal([4, 5, 6], await SelectedAsync(EventLogErasure.TargetedBy(User)));
    }

    private static async Task<List<int>> SelectedAsync(FilterDefinition<BsonDocument> filter) =>
        [.. (await Mingo.FindAsync(Documents, filter, new FindOptions<BsonDocument, BsonDocument>())).Select(document => Number(document["_id"].AsGuid)).Order()];
}

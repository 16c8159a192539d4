using Pulse.Ingestor.Erasure;

namespace Pulse.UnitTests.EventLog;

/// <summary>
/// The exact filters and updates erasure sends with <c>deleteMany</c> and <c>updateMany</c>, against
/// the MongoDB 7 manual: equality on a 64-bit <c>userId</c> (the type the sink writes), <c>$in</c> on
/// the types that carry a target (so the type index narrows the scan), <c>$unset</c> and <c>$set</c>.
/// </summary>
public class EventLogErasureCommandsTests
{
    [Fact]
    public void The_types_searched_for_a_target_are_exactly_those_that_have_one()
    {
        Assert.Equal(["profile_view", "user_follow", "user_unfollow"], EventLogErasure.TypesWithTarget);
    }

    [Fact]
    public void Erasing_deletes_the_users_own_events_by_their_64_bit_user_id()
    {
        RenderedBson.AssertDocument("""{ "userId": NumberLong(42) }""", RenderedBson.Filter(EventLogErasure.OwnEvents(42)));
    }

    [Fact]
    public void The_events_targeting_a_user_are_found_among_the_types_with_a_target()
    {
        RenderedBson.AssertDocument(
            """{ "type": { "$in": ["profile_view", "user_follow", "user_unfollow"] }, "targetUserId": NumberLong(42) }""",
            RenderedBson.Filter(EventLogErasure.TargetedBy(42)));
    }

    [Fact]
    public void Erasing_removes_the_target_field_rather_than_setting_it_null()
    {
        // The sink leaves targetUserId out when there is none; $unset keeps an erased target the same shape.
        RenderedBson.AssertDocument("""{ "$unset": { "targetUserId": 1 } }""", RenderedBson.Update(EventLogErasure.ClearTarget));
    }

    [Fact]
    public void Anonymising_sets_the_pseudonym_as_a_64_bit_id_in_either_place()
    {
        RenderedBson.AssertDocument("""{ "$set": { "userId": NumberLong("-5000000000") } }""", RenderedBson.Update(EventLogErasure.SetUser(-5_000_000_000)));
        RenderedBson.AssertDocument("""{ "$set": { "targetUserId": NumberLong(-3) } }""", RenderedBson.Update(EventLogErasure.SetTarget(-3)));
    }
}

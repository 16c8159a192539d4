using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;
using Pulse.Pipeline.Privacy;

namespace Pulse.UnitTests.Privacy;

/// <summary>What every sink does to a batch's events that name a user taken out.</summary>
public sealed class ErasedUsersTests
{
    private const long Erased = 7;
    private const long Anonymised = 8;
    private const long Pseudonym = -4_242;
    private const long Other = 9;

    private static readonly IReadOnlyDictionary<long, ErasedUser> TakenOut = new Dictionary<long, ErasedUser>
    {
        [Erased] = ErasedUser.Erased,
        [Anonymised] = ErasedUser.AnonymisedAs(Pseudonym),
    };

    [Fact]
    public void An_erased_users_own_event_is_not_stored()
    {
        Assert.Null(ErasedUsers.Apply(Follow(Erased, Other), TakenOut));
        Assert.Null(ErasedUsers.Apply(View(Erased), TakenOut));
    }

    [Fact]
    public void An_erased_user_is_no_ones_target_and_the_rest_of_the_event_stays()
    {
        var follow = Follow(Other, Erased);

        var stored = ErasedUsers.Apply(follow, TakenOut);

        Assert.Equal(follow with { TargetUserId = null }, stored);
    }

    [Fact]
    public void An_anonymised_users_id_becomes_their_pseudonym_as_actor_and_as_target()
    {
        Assert.Equal(Follow(Pseudonym, Other), ErasedUsers.Apply(Follow(Anonymised, Other), TakenOut));
        var targeted = Follow(Other, Anonymised);
        Assert.Equal(targeted with { TargetUserId = Pseudonym }, ErasedUsers.Apply(targeted, TakenOut));
        var own = View(Anonymised);
        Assert.Equal(own with { UserId = Pseudonym }, ErasedUsers.Apply(own, TakenOut));
    }

    [Fact]
    public void An_event_naming_nobody_taken_out_is_returned_as_the_same_instance()
    {
        var follow = Follow(Other, Other + 1);
        var view = View(Other);

        Assert.Same(follow, ErasedUsers.Apply(follow, TakenOut));
        Assert.Same(view, ErasedUsers.Apply(view, TakenOut));
        Assert.Same(follow, ErasedUsers.Apply(follow, new Dictionary<long, ErasedUser>()));
    }

    [Fact]
    public void Names_sees_the_user_as_actor_or_target_only()
    {
        Assert.True(ErasedUsers.Names(Follow(Erased, Other), Erased));
        Assert.True(ErasedUsers.Names(Follow(Other, Erased), Erased));
        Assert.False(ErasedUsers.Names(Follow(Other, Other + 1), Erased));
    }

    [Fact]
    public void The_marks_value_round_trips_for_both_modes()
    {
        Assert.Equal(ErasedUser.Erased, ErasedUser.Parse(ErasedUser.Erased.ToRedisValue()));
        Assert.Equal("erase", ErasedUser.Erased.ToRedisValue().ToString());
        foreach (var pseudonym in new[] { -1L, Pseudonym, long.MinValue })
        {
            var anonymised = ErasedUser.AnonymisedAs(pseudonym);
            Assert.Equal(anonymised, ErasedUser.Parse(anonymised.ToRedisValue()));
        }
        Assert.Equal("anonymise:-4242", ErasedUser.AnonymisedAs(Pseudonym).ToRedisValue().ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("anonymise")]
    [InlineData("anonymise:")]
    [InlineData("anonymise:x1")]
    [InlineData("erase:5")]
    [InlineData("delete")]
    public void A_value_no_mark_wrote_is_refused_saying_what_it_should_be(string value)
    {
        var refusal = Assert.Throws<FormatException>(() => ErasedUser.Parse(value));

        Assert.Equal($"'{value}' in {RedisKeys.ErasedUsers} is neither 'erase' nor 'anonymise:<id>'.", refusal.Message);
    }

    private static readonly Guid FollowId = Guid.CreateVersion7();

    private static PipelineEvent Follow(long user, long target) =>
        new(FollowId, EventTypes.UserFollow, user, null, target, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, null);

    private static PipelineEvent View(long user) =>
        new(FollowId, EventTypes.SessionStart, user, null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, null);
}

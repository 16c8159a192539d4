using System.Globalization;
using Pulse.Contracts;
using Pulse.Contracts.Events;
using StackExchange.Redis;

namespace Pulse.Pipeline.Privacy;

/// <summary>
/// The users taken out of Pulse (<see cref="RedisKeys.ErasedUsers"/>), and what that does to an event
/// that names them: an erased user's own events are dropped, and they are no one's target any more; an
/// anonymised user's id becomes their pseudonym wherever it appears.
/// </summary>
public static class ErasedUsers
{
    public static Task MarkAsync(IDatabaseAsync database, long userId, ErasedUser how) =>
        database.HashSetAsync(RedisKeys.ErasedUsers, userId, how.ToRedisValue());

    public static async Task<ErasedUser?> FindAsync(IDatabaseAsync database, long userId)
    {
        var value = await database.HashGetAsync(RedisKeys.ErasedUsers, userId);
        return value.IsNull ? null : ErasedUser.Parse(value);
    }

    /// <summary>Which of the users these events name were taken out: one round trip for the batch.</summary>
    public static async Task<IReadOnlyDictionary<long, ErasedUser>> FindAsync(IDatabaseAsync database, IEnumerable<PipelineEvent> events)
    {
        var named = new HashSet<long>();
        foreach (var @event in events)
        {
            named.Add(@event.UserId);
            if (@event.TargetUserId is { } target)
            {
                named.Add(target);
            }
        }
        if (named.Count == 0)
        {
            return new Dictionary<long, ErasedUser>();
        }
        var ids = named.ToArray();
        var values = await database.HashGetAsync(RedisKeys.ErasedUsers, [.. ids.Select(id => (RedisValue)id.ToString(CultureInfo.InvariantCulture))]);
        var found = new Dictionary<long, ErasedUser>();
        for (var i = 0; i < ids.Length; i++)
        {
            if (!values[i].IsNull)
            {
                found[ids[i]] = ErasedUser.Parse(values[i]);
            }
        }
        return found;
    }

    /// <returns>The event as it may be stored, or null when it must not be stored at all.</returns>
    public static PipelineEvent? Apply(PipelineEvent @event, IReadOnlyDictionary<long, ErasedUser> erased)
    {
        if (erased.Count == 0)
        {
            return @event;
        }
        var userId = @event.UserId;
        if (erased.TryGetValue(userId, out var user))
        {
            if (user.IsErased)
            {
                return null;
            }
            userId = user.Pseudonym!.Value;
        }
        var targetUserId = @event.TargetUserId;
        if (targetUserId is { } target && erased.TryGetValue(target, out var targetUser))
        {
            targetUserId = targetUser.IsErased ? null : targetUser.Pseudonym;
        }
        return userId == @event.UserId && targetUserId == @event.TargetUserId
            ? @event
            : @event with { UserId = userId, TargetUserId = targetUserId };
    }

    public static bool Names(PipelineEvent @event, long userId) => @event.UserId == userId || @event.TargetUserId == userId;
}

using Pulse.Contracts;
using StackExchange.Redis;

namespace Pulse.Pipeline.Sessions;

/// <summary>A user's sessions as the Api's session store keeps them (<see cref="RedisKeys.Sessions"/>), for whoever must end them all.</summary>
public static class UserSessions
{
    /// <summary>Ends every session of <paramref name="userId"/> at once; answers how many there were.</summary>
    public static async Task<int> EndAllAsync(IDatabase database, long userId)
    {
        var ofUser = RedisKeys.Sessions.OfUser(userId);
        var hashes = await database.SetMembersAsync(ofUser);
        if (hashes.Length == 0)
        {
            return 0;
        }
        var transaction = database.CreateTransaction();
        var ended = transaction.KeyDeleteAsync([.. hashes.Select(hash => (RedisKey)RedisKeys.Sessions.Session(hash.ToString()))]);
        _ = transaction.SortedSetRemoveAsync(RedisKeys.Sessions.Active, hashes);
        // Only these: a session started meanwhile stays listed, so the next revocation finds it.
        _ = transaction.SetRemoveAsync(ofUser, hashes);
        await transaction.ExecuteAsync();
        return (int)await ended;
    }
}

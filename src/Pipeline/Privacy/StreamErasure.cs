using Pulse.Contracts;
using Pulse.Contracts.Events;
using Pulse.Contracts.Pipeline;
using StackExchange.Redis;

namespace Pulse.Pipeline.Privacy;

/// <summary>What taking one user out of a stream did: entries removed, and entries replaced by a rewritten copy.</summary>
public sealed record StreamErasureCounts(long Deleted, long Rewritten);

/// <summary>
/// Takes one user out of the event stream and the dead letters. An entry every group has stored is
/// only deleted: what it held is in the stores, which the erasure handles on their own. An entry some
/// group still needs is deleted when it is the erased user's own event; otherwise (an anonymised
/// user's event, or an event whose target is the user) it is replaced by a copy with the ids
/// rewritten, appended for the groups that still need it, and the original acknowledged and deleted
/// in the same transaction, so no consumer finds it gone.
/// </summary>
/// <remarks>
/// Run it only once no batch read before the user was marked can still be storing (see
/// <see cref="InFlightEntries"/>): a batch read later rewrites the events itself, and its late
/// acknowledgement of an entry deleted here changes nothing.
/// </remarks>
public static class StreamErasure
{
    private const int Page = 1_000;

    public static async Task<StreamErasureCounts> EraseFromStreamAsync(IDatabase database, string stream, long userId, ErasedUser how, CancellationToken cancellationToken)
    {
        if (!await database.KeyExistsAsync(stream))
        {
            return new StreamErasureCounts(0, 0);
        }
        var groups = await NeedingGroupsAsync(database, stream, cancellationToken);
        var erased = new Dictionary<long, ErasedUser> { [userId] = how };
        long deleted = 0, rewritten = 0;
        await ForEachPageAsync(database, stream, async entries =>
        {
            var transaction = database.CreateTransaction();
            var changes = 0;
            foreach (var entry in entries)
            {
                if (ReadEvent(entry) is not { } @event || !ErasedUsers.Names(@event, userId))
                {
                    continue;
                }
                var replayFor = (string?)entry[EventStreamNames.ReplayForField];
                var needing = groups.Where(group => group.Needs(entry.Id) && (replayFor is null || group.Name == replayFor)).Select(group => group.Name).ToList();
                var rewrittenEvent = ErasedUsers.Apply(@event, erased);
                if (needing.Count > 0 && rewrittenEvent is not null)
                {
                    var onlyFor = replayFor ?? (needing.Count == 1 && groups.Count > 1 ? needing[0] : null);
                    _ = transaction.StreamAddAsync(stream, Rewrite(entry, rewrittenEvent, onlyFor));
                    rewritten++;
                }
                else
                {
                    deleted++;
                }
                foreach (var group in groups.Where(group => group.IsPending(entry.Id)))
                {
                    _ = transaction.StreamAcknowledgeAsync(stream, group.Name, entry.Id);
                }
                _ = transaction.StreamDeleteAsync(stream, [entry.Id]);
                changes++;
            }
            if (changes > 0 && !await transaction.ExecuteAsync())
            {
                throw new InvalidOperationException($"Taking user {userId} out of {stream} was not executed.");
            }
        }, cancellationToken);
        return new StreamErasureCounts(deleted, rewritten);
    }

    /// <summary>Dead letters are nobody's to consume: the user's own are deleted when erased, the rest rewritten in place of the original.</summary>
    public static async Task<StreamErasureCounts> EraseFromDeadLettersAsync(IDatabase database, long userId, ErasedUser how, CancellationToken cancellationToken)
    {
        var erased = new Dictionary<long, ErasedUser> { [userId] = how };
        long deleted = 0, rewritten = 0;
        await ForEachPageAsync(database, EventStreamNames.DeadLetterKey, async entries =>
        {
            var transaction = database.CreateTransaction();
            var changes = 0;
            foreach (var entry in entries)
            {
                if (ReadEvent(entry) is not { } @event || !ErasedUsers.Names(@event, userId))
                {
                    continue;
                }
                if (ErasedUsers.Apply(@event, erased) is { } rewrittenEvent)
                {
                    _ = transaction.StreamAddAsync(EventStreamNames.DeadLetterKey, Rewrite(entry, rewrittenEvent, (string?)entry[EventStreamNames.ReplayForField]));
                    rewritten++;
                }
                else
                {
                    deleted++;
                }
                _ = transaction.StreamDeleteAsync(EventStreamNames.DeadLetterKey, [entry.Id]);
                changes++;
            }
            if (changes > 0 && !await transaction.ExecuteAsync())
            {
                throw new InvalidOperationException($"Taking user {userId} out of {EventStreamNames.DeadLetterKey} was not executed.");
            }
        }, cancellationToken);
        return new StreamErasureCounts(deleted, rewritten);
    }

    /// <summary>Every page of the stream in id order; copies appended meanwhile come last and name nobody erased.</summary>
    private static async Task ForEachPageAsync(IDatabase database, RedisKey stream, Func<StreamEntry[], Task> handle, CancellationToken cancellationToken)
    {
        RedisValue start = "-";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entries = await database.StreamRangeAsync(stream, start, "+", Page);
            if (entries.Length == 0)
            {
                return;
            }
            await handle(entries);
            if (entries.Length < Page)
            {
                return;
            }
            start = "(" + entries[^1].Id;
        }
    }

    private static PipelineEvent? ReadEvent(StreamEntry entry)
    {
        var payload = entry.IsNull || entry.Values is not { Length: > 0 } ? RedisValue.Null : entry[EventStreamNames.PayloadField];
        if (payload.IsNull)
        {
            return null;
        }
        try
        {
            return PipelineJson.Deserialize((byte[])payload!);
        }
        catch (System.Text.Json.JsonException)
        {
            // An unreadable payload names nobody Pulse can find; it is a dead letter of its own.
            return null;
        }
    }

    /// <summary>The entry's fields with the event rewritten, and the group it is for, if only one.</summary>
    private static NameValueEntry[] Rewrite(StreamEntry entry, PipelineEvent @event, string? onlyFor)
    {
        var fields = entry.Values
            .Where(field => field.Name != EventStreamNames.PayloadField && field.Name != EventStreamNames.ReplayForField)
            .Append(new NameValueEntry(EventStreamNames.PayloadField, PipelineJson.Serialize(@event)));
        return [.. onlyFor is null ? fields : fields.Append(new NameValueEntry(EventStreamNames.ReplayForField, onlyFor))];
    }

    /// <summary>The groups that may still need entries: every group on the stream but a retired one, with its pending entries.</summary>
    private static async Task<List<NeedingGroup>> NeedingGroupsAsync(IDatabase database, string stream, CancellationToken cancellationToken)
    {
        var decisions = await GroupDecisions.ReadAllAsync(database);
        var groups = new List<NeedingGroup>();
        foreach (var info in await database.StreamGroupInfoAsync(stream))
        {
            if (decisions.TryGetValue(info.Name, out var decision) && decision.State == ConsumerGroupState.Retired)
            {
                continue;
            }
            var pending = new HashSet<string>(StringComparer.Ordinal);
            RedisValue? after = null;
            while (info.PendingMessageCount > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await database.StreamPendingMessagesAsync(stream, info.Name, Page, RedisValue.Null, after is { } last ? "(" + last : "-", "+");
                foreach (var message in page)
                {
                    pending.Add(message.MessageId.ToString());
                }
                if (page.Length < Page)
                {
                    break;
                }
                after = page[^1].MessageId;
            }
            groups.Add(new NeedingGroup(info.Name, info.LastDeliveredId ?? StreamIds.Zero, pending));
        }
        return groups;
    }

    private sealed record NeedingGroup(string Name, RedisValue LastDelivered, HashSet<string> Pending)
    {
        public bool IsPending(RedisValue id) => Pending.Contains(id.ToString());

        /// <summary>Not delivered yet, or delivered and not acknowledged.</summary>
        public bool Needs(RedisValue id) => StreamIds.Compare(id, LastDelivered) > 0 || IsPending(id);
    }
}

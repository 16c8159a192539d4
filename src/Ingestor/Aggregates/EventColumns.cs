using Pulse.Contracts.Events;

namespace Pulse.Ingestor.Aggregates;

/// <summary>
/// A batch as one array per column, in stream order, so the whole batch travels as six parameters
/// whatever its size. An id that occurs twice in the batch is kept once (its first occurrence).
/// </summary>
public sealed class EventColumns
{
    private EventColumns(int capacity)
    {
        Ids = new Guid[capacity];
        Types = new string[capacity];
        UserIds = new long[capacity];
        PostIds = new long?[capacity];
        TargetUserIds = new long?[capacity];
        OccurredAt = new DateTime[capacity];
    }

    public Guid[] Ids { get; private set; }

    public string[] Types { get; private set; }

    public long[] UserIds { get; private set; }

    public long?[] PostIds { get; private set; }

    public long?[] TargetUserIds { get; private set; }

    /// <summary>UTC, as PostgreSQL's <c>timestamptz</c> takes it.</summary>
    public DateTime[] OccurredAt { get; private set; }

    public int Count => Ids.Length;

    public static EventColumns From(IReadOnlyList<PipelineEvent> events)
    {
        var columns = new EventColumns(events.Count);
        var seen = new HashSet<Guid>(events.Count);
        var count = 0;
        foreach (var @event in events)
        {
            if (!seen.Add(@event.Id))
            {
                continue;
            }
            columns.Ids[count] = @event.Id;
            columns.Types[count] = @event.Type;
            columns.UserIds[count] = @event.UserId;
            columns.PostIds[count] = @event.PostId;
            columns.TargetUserIds[count] = @event.TargetUserId;
            columns.OccurredAt[count] = @event.Timestamp.UtcDateTime;
            count++;
        }
        if (count < events.Count)
        {
            columns.Truncate(count);
        }
        return columns;
    }

    private void Truncate(int count)
    {
        Ids = Ids[..count];
        Types = Types[..count];
        UserIds = UserIds[..count];
        PostIds = PostIds[..count];
        TargetUserIds = TargetUserIds[..count];
        OccurredAt = OccurredAt[..count];
    }
}

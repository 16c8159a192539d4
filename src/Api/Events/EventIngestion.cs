using System.Text.Json;
using Microsoft.Extensions.Options;
using Pulse.Api.Realtime;
using Pulse.Contracts.Events;

namespace Pulse.Api.Events;

/// <summary>What became of a batch: accepted (with its duplicates), or why it was refused whole.</summary>
public abstract record IngestOutcome
{
    /// <param name="BudgetLeft">Events the caller may still send now; null when it has no budget.</param>
    public sealed record Accepted(int New, int Duplicates, int? BudgetLeft) : IngestOutcome;

    public sealed record Invalid(IReadOnlyList<EventError> Errors) : IngestOutcome;

    /// <param name="Missing">Per bad event: its index, the field, and the id that does not exist.</param>
    public sealed record UnknownReferences(IReadOnlyList<MissingReference> Missing) : IngestOutcome;
}

public sealed record MissingReference(int Index, string Field, long Id);

/// <summary>
/// Takes a batch whole or not at all: every event valid, every referenced user and post existing,
/// then one Redis round trip (the event script) counts them and appends them to the stream.
/// </summary>
public sealed class EventIngestion(
    EventRecorder recorder,
    ReferenceChecker references,
    IOptions<IngestOptions> options,
    IngestMetrics metrics,
    TimeProvider time)
{
    private readonly IngestOptions settings = options.Value;

    /// <param name="sessionUserId">The signed-in user when the caller is a session: events are theirs.</param>
    /// <param name="budget">What the caller may send, checked and spent in the same round trip that accepts the batch.</param>
    /// <param name="idempotency">Where the client sent an <c>Idempotency-Key</c>: the ids minted for events without one derive from it.</param>
    /// <exception cref="StreamBacklogException">The stream is over its backlog cap; nothing was accepted.</exception>
    /// <exception cref="CallerLimitException">The caller is over its budget or its share of the backlog; nothing was accepted.</exception>
    public async Task<IngestOutcome> IngestAsync(
        IngestRequest request, long? sessionUserId, CallerBudget budget, IdempotencyKey? idempotency, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var events = request.Events ?? [];
        if (events.Count is 0 or > EventRules.MaxEventsPerBatch)
        {
            return new IngestOutcome.Invalid([new EventError(-1, "events", $"Must hold 1 to {EventRules.MaxEventsPerBatch} events; it holds {events.Count}.")]);
        }
        if (budget.EventsPerMinute > 0 && events.Count > budget.EventsPerMinute)
        {
            return new IngestOutcome.Invalid([new EventError(-1, "events",
                $"This caller may send {budget.EventsPerMinute} events a minute, so never a batch of {events.Count}; send smaller batches.")]);
        }

        var window = new EventWindow(now, settings.MaxAge, settings.MaxAhead);
        var errors = new List<EventError>();
        for (var i = 0; i < events.Count; i++)
        {
            errors.AddRange(EventRules.Validate(events[i], i, window, userKnown: sessionUserId is not null));
            if (sessionUserId is { } user && events[i]?.UserId is { } given && given != user)
            {
                errors.Add(new EventError(i, "userId", "A session posts only its own user's events; omit userId or send the session's."));
            }
        }
        if (errors.Count > 0)
        {
            return new IngestOutcome.Invalid(errors);
        }

        var valid = events.Select(@event => @event!).ToList();
        List<MissingReference> missing;
        using (var checking = ApiActivitySource.Instance.StartActivity(IngestSpans.CheckReferences))
        {
            checking?.SetTag(IngestSpans.EventCountTag, valid.Count);
            missing = await FindMissingAsync(valid, sessionUserId, cancellationToken);
        }
        if (missing.Count > 0)
        {
            return new IngestOutcome.UnknownReferences(missing);
        }

        var pipelineEvents = valid.Select((@event, index) => ToPipelineEvent(@event, sessionUserId, now, idempotency, index)).ToList();
        RecordedBatch recorded;
        using (var recording = ApiActivitySource.Instance.StartActivity(IngestSpans.RecordEvents))
        {
            // The stream entries carry this span's context: the Ingestor's batch span links to it.
            recording?.SetTag(IngestSpans.EventCountTag, pipelineEvents.Count);
            try
            {
                recorded = await recorder.RecordAsync([.. pipelineEvents.Select(RealtimeEvent.From)], budget, cancellationToken);
            }
            catch (ErasedUsersException erased)
            {
                return new IngestOutcome.UnknownReferences([.. pipelineEvents
                    .Select((@event, index) => (@event.UserId, Index: index))
                    .Where(@event => erased.Users.Contains(@event.UserId))
                    .Select(@event => new MissingReference(@event.Index, "userId", @event.UserId))]);
            }
        }

        var accepted = recorded.Outcomes.Count(outcome => outcome == EventOutcome.Accepted);
        metrics.Accepted.Add(accepted);
        metrics.Duplicates.Add(recorded.Outcomes.Count - accepted);
        return new IngestOutcome.Accepted(accepted, recorded.Outcomes.Count - accepted, recorded.BudgetLeft);
    }

    private async Task<List<MissingReference>> FindMissingAsync(List<IngestEvent> events, long? sessionUserId, CancellationToken cancellationToken)
    {
        // A session's own user exists: it just signed in.
        var userIds = events.SelectMany(e => new[] { sessionUserId is null ? e.UserId : null, e.TargetUserId }).OfType<long>();
        var postIds = events.Select(e => e.PostId).OfType<long>();
        var (missingUsers, missingPosts) = await references.FindMissingAsync(userIds, postIds, cancellationToken);

        var missing = new List<MissingReference>();
        for (var i = 0; i < events.Count; i++)
        {
            if (sessionUserId is null && events[i].UserId is { } user && missingUsers.Contains(user))
            {
                missing.Add(new MissingReference(i, "userId", user));
            }
            if (events[i].TargetUserId is { } target && missingUsers.Contains(target))
            {
                missing.Add(new MissingReference(i, "targetUserId", target));
            }
            if (events[i].PostId is { } post && missingPosts.Contains(post))
            {
                missing.Add(new MissingReference(i, "postId", post));
            }
        }
        return missing;
    }

    private static PipelineEvent ToPipelineEvent(IngestEvent @event, long? sessionUserId, DateTimeOffset now, IdempotencyKey? idempotency, int index) => new(
        @event.Id ?? idempotency?.EventId(index) ?? Guid.CreateVersion7(now),
        @event.Type!,
        sessionUserId ?? @event.UserId!.Value,
        @event.PostId,
        @event.TargetUserId,
        @event.Timestamp?.ToUniversalTime() ?? now,
        now,
        @event.Device,
        @event.Geo,
        @event.Properties is { ValueKind: JsonValueKind.Null } ? null : @event.Properties);
}

using System.Text.Json;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;

namespace Pulse.UnitTests.Traffic;

/// <summary>The Api would accept every batch the model makes, and the model makes every type of event.</summary>
[Collection(nameof(SharedTraffic))]
public sealed class GeneratedEventValidityTests(TrafficFixture traffic)
{
    [Fact]
    public void Every_event_passes_the_ingest_rules_at_the_end_of_its_range()
    {
        var window = new EventWindow(TrafficFixture.WeekEnd, EventWindow.DefaultMaxAge, EventWindow.DefaultMaxAhead);
        var events = traffic.Week.SelectMany(batch => batch.Events).ToArray();

        Assert.All(events, (e, i) => Assert.Empty(EventRules.Validate(e, i, window, userKnown: false)));
        // Every type the Api takes, so every rule of the pipeline is exercised by generated traffic.
        Assert.Equal(EventTypes.All.Order(), events.Select(e => e.Type!).Distinct().Order());
    }

    [Fact]
    public void Every_batch_fits_the_ingest_limits_and_its_events_are_in_time_order()
    {
        Assert.All(traffic.Week, batch =>
        {
            Assert.InRange(batch.Events.Count, 1, Math.Min(EventRules.MaxEventsPerBatch, TrafficFixture.Options.BatchSize));
            Assert.True(JsonSerializer.SerializeToUtf8Bytes(new IngestRequest(batch.Events), JsonSerializerOptions.Web).Length < EventRules.MaxBodyBytes);
            Assert.Equal(batch.Events.Max(e => e.Timestamp), batch.DueAt);
        });
        var firstSends = traffic.FirstSends.Select(e => e.Timestamp!.Value).ToArray();
        Assert.Equal(firstSends.Order(), firstSends);
    }

    [Fact]
    public void Ids_are_UUIDv7_of_the_event_time()
    {
        Assert.All(traffic.FirstSends.Take(5_000), e =>
        {
            Assert.Equal(7, e.Id!.Value.Version);
            var bytes = e.Id.Value.ToByteArray(bigEndian: true);
            var milliseconds = bytes[..6].Aggregate(0L, (value, b) => (value << 8) | b);
            Assert.Equal(e.Timestamp!.Value.ToUnixTimeMilliseconds(), milliseconds);
        });
    }

    [Fact]
    public void Posts_are_viewed_liked_commented_and_shared_only_once_they_were_published()
    {
        var published = traffic.Graph;
        var early = traffic.Week.SelectMany(batch => batch.Events)
            .Where(e => e.PostId is { } post && e.Timestamp < published.PostCreatedAt((int)post - 1))
            .Take(5)
            .Select(e => $"{e.Type} of post {e.PostId} at {e.Timestamp:u}, published {published.PostCreatedAt((int)e.PostId!.Value - 1):u}")
            .ToArray();

        Assert.Empty(early);
        // The week holds posts published during it, so the check has something to catch.
        Assert.Contains(Enumerable.Range(0, published.PostCount), post => published.PostCreatedAt(post) > TrafficFixture.WeekStart);
    }
}

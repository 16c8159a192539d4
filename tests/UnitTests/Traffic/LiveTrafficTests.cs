using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;

namespace Pulse.UnitTests.Traffic;

[Collection(nameof(SharedTraffic))]
public sealed class LiveTrafficTests(TrafficFixture traffic)
{
    private static readonly DateTimeOffset Start = TrafficFixture.WeekEnd;

    [Fact]
    public void Sent_at_its_due_time_every_event_lies_inside_the_accepted_window_and_none_before_the_start()
    {
        var batches = traffic.Model.Live(Start, 500).TakeWhile(batch => batch.DueAt < Start.AddMinutes(10)).ToArray();

        Assert.All(batches, batch =>
        {
            var window = new EventWindow(batch.DueAt, EventWindow.DefaultMaxAge, EventWindow.DefaultMaxAhead);
            Assert.All(batch.Events, (e, i) => Assert.Empty(EventRules.Validate(e, i, window, userKnown: false)));
            Assert.All(batch.Events, e => Assert.InRange(e.Timestamp!.Value, Start, batch.DueAt));
            Assert.True(batch.Events[0].Timestamp >= batch.DueAt - TrafficFixture.Options.MaxBatchSpan || batch.IsRetry);
        });
    }

    [Theory]
    [InlineData(50)]
    [InlineData(2_000)]
    public void The_rate_is_the_one_asked_for_from_the_first_minute_on(int eventsPerSecond)
    {
        var events = traffic.Model.Live(Start, eventsPerSecond)
            .TakeWhile(batch => batch.DueAt < Start.AddMinutes(6))
            .Where(batch => !batch.IsRetry)
            .SelectMany(batch => batch.Events)
            .Select(e => e.Timestamp!.Value)
            .ToArray();

        var firstMinute = events.Count(at => at < Start.AddMinutes(1));
        var sixMinutes = events.Count(at => at < Start.AddMinutes(6));
        Assert.InRange(firstMinute, eventsPerSecond * 60 * 0.8, eventsPerSecond * 60 * 1.2);
        Assert.InRange(sixMinutes, eventsPerSecond * 360 * 0.85, eventsPerSecond * 360 * 1.15);
    }

    [Fact]
    public void Slow_traffic_still_sends_a_batch_at_least_every_span()
    {
        var batches = traffic.Model.Live(Start, 20).Take(100).ToArray();

        Assert.All(batches, batch => Assert.True(batch.DueAt - batch.Events[0].Timestamp!.Value <= TrafficFixture.Options.MaxBatchSpan));
        Assert.True(batches.Average(batch => batch.Events.Count) < 40);
        Assert.Contains(batches, batch => batch.Events.Any(e => e.Type == EventTypes.SessionStart));
    }

    [Fact]
    public void Diurnal_live_traffic_follows_the_hour_of_day_curve()
    {
        var curve = TrafficFixture.Options.Diurnal;
        var day = Start.UtcDateTime.Date;
        var hours = Enumerable.Range(0, 24).ToArray();
        var (busiest, quietest) = (hours.MaxBy(curve.Weight), hours.MinBy(curve.Weight));

        double EventsPerSecondAt(int hour)
        {
            var from = new DateTimeOffset(day.AddHours(hour), TimeSpan.Zero);
            var count = traffic.Model.Live(from, 200, diurnal: true)
                .TakeWhile(batch => batch.DueAt < from.AddMinutes(20))
                .Where(batch => !batch.IsRetry)
                .Sum(batch => batch.Events.Count);
            return count / TimeSpan.FromMinutes(20).TotalSeconds;
        }

        var expected = curve.Weight(busiest) / curve.Weight(quietest);
        Assert.InRange(EventsPerSecondAt(busiest) / EventsPerSecondAt(quietest), expected * 0.75, expected * 1.25);
    }
}

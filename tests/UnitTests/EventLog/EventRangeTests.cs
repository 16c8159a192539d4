using Pulse.Api.EventAnalytics;
using Pulse.Api.Problems;

namespace Pulse.UnitTests.EventLog;

public class EventRangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Defaults_to_the_seven_days_before_now()
    {
        var errors = new ValidationErrors();

        var range = EventRange.Resolve(null, null, Now, errors);

        Assert.False(errors.Any);
        Assert.Equal(new EventRange(Now.AddDays(-7), Now), range);
    }

    [Fact]
    public void A_lone_to_gets_the_default_span_before_it()
    {
        var to = Now.AddDays(-30);

        Assert.Equal(new EventRange(to.AddDays(-7), to), EventRange.Resolve(null, to, Now, new ValidationErrors()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void From_must_be_before_to(int hours)
    {
        var errors = new ValidationErrors();

        Assert.Null(EventRange.Resolve(Now, Now.AddHours(hours), Now, errors));
        Assert.Contains("from", errors.ToDictionary().Keys);
    }

    [Fact]
    public void At_most_ninety_days()
    {
        var errors = new ValidationErrors();

        Assert.NotNull(EventRange.Resolve(Now.AddDays(-90), Now, Now, new ValidationErrors()));
        Assert.Null(EventRange.Resolve(Now.AddDays(-90).AddSeconds(-1), Now, Now, errors));
        Assert.Contains("to", errors.ToDictionary().Keys);
    }
}

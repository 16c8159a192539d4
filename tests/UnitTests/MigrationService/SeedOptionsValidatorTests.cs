using Pulse.MigrationService.Seeding;

namespace Pulse.UnitTests.MigrationService;

public sealed class SeedOptionsValidatorTests
{
    private readonly SeedOptionsValidator validator = new();

    [Theory]
    [InlineData("none", 0)]
    [InlineData("small", 0)]
    [InlineData("Demo", 30)]
    [InlineData("large", 365)]
    public void Accepts_the_known_scales(string scale, int activityDays)
    {
        var result = validator.Validate(null, new SeedOptions { Scale = scale, ActivityDays = activityDays });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Refuses_an_unknown_scale_saying_which_are_known()
    {
        var result = validator.Validate(null, new SeedOptions { Scale = "huge" });

        Assert.True(result.Failed);
        Assert.Equal("Pulse:Seed:Scale must be one of none, small, demo, large; it is 'huge'.", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(366)]
    public void Refuses_activity_days_out_of_range(int days)
    {
        var result = validator.Validate(null, new SeedOptions { Scale = "demo", ActivityDays = days });

        Assert.Contains("Pulse:Seed:ActivityDays must be between 0 and 365", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void None_asks_for_no_seed_and_a_scale_for_that_scale()
    {
        Assert.Null(new SeedOptions { Scale = "none" }.ToRequest());
        Assert.Equal("demo", new SeedOptions { Scale = "demo", ActivityDays = 7 }.ToRequest()?.Scale.Name);
        Assert.Equal(7, new SeedOptions { Scale = "demo", ActivityDays = 7 }.ToRequest()?.ActivityDays);
    }
}

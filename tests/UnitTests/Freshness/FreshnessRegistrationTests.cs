using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pulse.Api.Freshness;

namespace Pulse.UnitTests.Freshness;

public class FreshnessRegistrationTests
{
    [Fact]
    public void One_inspection_lasts_a_second_and_ten_seconds_behind_is_behind_unless_configured()
    {
        using var host = Build([]);

        var options = host.Services.GetRequiredService<IOptions<FreshnessOptions>>().Value;
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)), (options.CacheDuration, options.BehindThreshold));
    }

    [Fact]
    public void Configured_durations_are_bound()
    {
        using var host = Build(new() { ["Pulse:Freshness:CacheDuration"] = "00:00:00.500", ["Pulse:Freshness:BehindThreshold"] = "00:00:30" });

        var options = host.Services.GetRequiredService<IOptions<FreshnessOptions>>().Value;
        Assert.Equal((TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30)), (options.CacheDuration, options.BehindThreshold));
    }

    [Theory]
    [InlineData("CacheDuration", "00:00:11")]
    [InlineData("CacheDuration", "-00:00:01")]
    [InlineData("BehindThreshold", "00:00:00")]
    [InlineData("BehindThreshold", "02:00:00")]
    public async Task A_duration_out_of_range_stops_the_start(string setting, string value)
    {
        using var host = Build(new() { [$"Pulse:Freshness:{setting}"] = value });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddFreshness();
        return builder.Build();
    }
}

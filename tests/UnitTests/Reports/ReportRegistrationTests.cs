using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pulse.Api.Reports;

namespace Pulse.UnitTests.Reports;

public class ReportRegistrationTests
{
    [Fact]
    public void The_cache_lasts_ten_seconds_and_MongoDB_gets_two_unless_configured()
    {
        using var host = Build([]);

        var options = host.Services.GetRequiredService<IOptions<ReportOptions>>().Value;
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)), (options.CacheDuration, options.EventStoreTimeout));
    }

    [Fact]
    public void Configured_durations_are_bound()
    {
        using var host = Build(new() { ["Pulse:Reports:CacheDuration"] = "00:00:30", ["Pulse:Reports:EventStoreTimeout"] = "00:00:00.250" });

        var options = host.Services.GetRequiredService<IOptions<ReportOptions>>().Value;
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250)), (options.CacheDuration, options.EventStoreTimeout));
    }

    [Theory]
    [InlineData("CacheDuration", "00:00:00")]
    [InlineData("CacheDuration", "01:00:00")]
    [InlineData("EventStoreTimeout", "00:00:00.050")]
    [InlineData("EventStoreTimeout", "00:05:00")]
    public async Task A_duration_out_of_range_stops_the_start(string setting, string value)
    {
        using var host = Build(new() { [$"Pulse:Reports:{setting}"] = value });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddReports();
        return builder.Build();
    }
}

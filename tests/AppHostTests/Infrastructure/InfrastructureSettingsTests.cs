using Microsoft.Extensions.Configuration;
using Pulse.AppHost.Infrastructure;

namespace Pulse.AppHostTests.Infrastructure;

public class InfrastructureSettingsTests
{
    [Fact]
    public void Local_switch_is_taken_out_of_the_arguments_so_it_cannot_swallow_the_next_one()
    {
        var (args, local) = InfrastructureSettings.ExtractLocalSwitch(["--local", "--publisher", "manifest"]);

        Assert.True(local);
        Assert.Equal(["--publisher", "manifest"], args);
    }

    [Fact]
    public void Without_the_switch_the_arguments_are_untouched()
    {
        var (args, local) = InfrastructureSettings.ExtractLocalSwitch(["--Pulse:Infrastructure=Containers"]);

        Assert.False(local);
        Assert.Equal(["--Pulse:Infrastructure=Containers"], args);
    }

    [Theory]
    [InlineData(null, InfrastructureMode.Auto)]
    [InlineData("", InfrastructureMode.Auto)]
    [InlineData("local", InfrastructureMode.Local)]
    [InlineData("Containers", InfrastructureMode.Containers)]
    public void Mode_is_read_case_insensitively(string? value, InfrastructureMode expected)
    {
        Assert.Equal(expected, InfrastructureSettings.ReadMode(Configuration(InfrastructureSettings.ModeKey, value)));
    }

    [Theory]
    [InlineData("Kubernetes")]
    [InlineData("42")]
    public void Unknown_mode_is_refused_with_the_accepted_values(string value)
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            InfrastructureSettings.ReadMode(Configuration(InfrastructureSettings.ModeKey, value)));

        Assert.Contains("Auto, Containers or Local", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "everysec")]
    [InlineData("always", "always")]
    public void Append_fsync_defaults_to_everysec(string? value, string expected)
    {
        Assert.Equal(expected, InfrastructureSettings.ReadAppendFsync(Configuration(InfrastructureSettings.RedisAppendFsyncKey, value)));
    }

    [Fact]
    public void Unknown_append_fsync_policy_is_refused()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            InfrastructureSettings.ReadAppendFsync(Configuration(InfrastructureSettings.RedisAppendFsyncKey, "no")));

        Assert.Contains("everysec", exception.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string key, string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
}

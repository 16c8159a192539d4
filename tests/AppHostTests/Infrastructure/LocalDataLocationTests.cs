using Pulse.AppHost.Hosting.Local;

namespace Pulse.AppHostTests.Infrastructure;

public class LocalDataLocationTests
{
    [Fact]
    public void Throwaway_data_gets_a_fresh_folder_under_temp_each_time()
    {
        var first = LocalDataLocation.Resolve(configuredRoot: "/ignored", throwaway: true, runningAsRoot: false);
        var second = LocalDataLocation.Resolve(configuredRoot: null, throwaway: true, runningAsRoot: true);

        Assert.True(first.IsThrowaway);
        Assert.StartsWith(Path.GetTempPath(), first.Root, StringComparison.Ordinal);
        Assert.NotEqual(first.Root, second.Root);
    }

    [Fact]
    public void Configured_folder_is_kept()
    {
        var location = LocalDataLocation.Resolve(configuredRoot: "/srv/pulse-data", throwaway: false, runningAsRoot: false);

        Assert.Equal(new LocalDataLocation("/srv/pulse-data", IsThrowaway: false), location);
        Assert.Equal("/srv/pulse-data/postgres", location.For("postgres"));
    }

    [Fact]
    public void Root_keeps_data_where_the_postgres_user_can_reach_it()
    {
        var location = LocalDataLocation.Resolve(configuredRoot: null, throwaway: false, runningAsRoot: true);

        Assert.Equal("/var/lib/pulse", location.Root);
    }

    [Fact]
    public void Other_users_keep_data_in_their_own_data_folder()
    {
        var location = LocalDataLocation.Resolve(configuredRoot: null, throwaway: false, runningAsRoot: false);

        Assert.Equal("pulse", Path.GetFileName(location.Root));
        Assert.NotEqual("/var/lib/pulse", location.Root);
        Assert.False(location.IsThrowaway);
    }
}

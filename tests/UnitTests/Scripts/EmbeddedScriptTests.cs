using System.Reflection;
using Pulse.Api.Realtime;
using Pulse.Ingestor.Notifications;
using Pulse.LoadGen.Benchmarks;
using Pulse.Pipeline.Scripts;

namespace Pulse.UnitTests.Scripts;

/// <summary>Every Lua script is a .lua file embedded beside the class that runs it, and says what it takes.</summary>
public class EmbeddedScriptTests
{
    public static TheoryData<string, string> Scripts()
    {
        var data = new TheoryData<string, string>();
        foreach (var assembly in new[] { typeof(EventRecorder).Assembly, typeof(NotificationPublisher).Assembly, typeof(RedisEventBenchmark).Assembly })
        {
            foreach (var name in assembly.GetManifestResourceNames().Where(name => name.EndsWith(".lua", StringComparison.Ordinal)))
            {
                data.Add(assembly.GetName().Name!, name);
            }
        }
        return data;
    }

    [Fact]
    public void Every_script_is_embedded()
    {
        Assert.Equal(11, Scripts().Count);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void A_script_opens_with_what_it_does_and_its_keys_and_arguments(string assemblyName, string resourceName)
    {
        using var stream = Assembly.Load(assemblyName).GetManifestResourceStream(resourceName)!;
        var text = new StreamReader(stream).ReadToEnd();

        Assert.StartsWith("-- ", text, StringComparison.Ordinal);
        Assert.Contains("-- KEYS:", text, StringComparison.Ordinal);
        Assert.Contains("-- ARGV:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_is_found_by_its_file_name_beside_its_class()
    {
        var script = RedisScript.Beside<EventRecorder>("RecordEvents.lua");

        Assert.Equal("RecordEvents.lua", script.Name);
        Assert.Contains("redis.call('XADD'", script.Text, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{40}$", script.Sha1);
    }

    [Fact]
    public void A_missing_script_says_which_scripts_there_are()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => RedisScript.Beside<EventRecorder>("NoSuchScript.lua"));

        Assert.Contains("Pulse.Api.Realtime.NoSuchScript.lua", missing.Message, StringComparison.Ordinal);
        Assert.Contains("Pulse.Api.Realtime.RecordEvents.lua", missing.Message, StringComparison.Ordinal);
    }
}

using Pulse.Api.Realtime;
using Pulse.Pipeline.Scripts;
using Pulse.TestSupport.Servers;
using StackExchange.Redis;

namespace Pulse.IntegrationTests.Realtime;

/// <summary>The one script runner against a real Redis: EVALSHA, and EVAL once the server forgot the script.</summary>
public sealed class RedisScriptTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly RedisScript TopOfWindow = RedisScript.Beside<TrendingBoard>("TopOfWindow.lua");

    [Fact]
    public async Task A_script_run_in_a_batch_is_loaded_again_when_the_server_forgot_it()
    {
        var realtime = await RealtimeRedis.StartAsync(redis);
        var database = realtime.Database;
        await database.SortedSetAddAsync("bench:{t}:hour", [new("7", 2), new("8", 1)]);
        await database.ExecuteAsync("SCRIPT", "FLUSH");

        var batch = database.CreateBatch();
        var top = TopOfWindow.EvaluateAsync(batch, ["bench:{t}:merge", "bench:{t}:hour"], [60_000, 1, 1]);
        batch.Execute();
        var result = (RedisResult[])(await top.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken))!;

        Assert.Equal("7", (string?)result[0]);
        var loaded = (RedisResult[])(await database.ExecuteAsync("SCRIPT", "EXISTS", TopOfWindow.Sha1))!;
        Assert.Equal(1, (long)loaded[0]);
    }
}

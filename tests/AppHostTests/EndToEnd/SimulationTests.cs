using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;
using Pulse.Contracts;
using Pulse.Contracts.Pipeline;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Security;
using Pulse.TestSupport;

namespace Pulse.AppHostTests.EndToEnd;

/// <summary>
/// pulse-loadgen simulate against the running stack: once the Ingestor has caught up, every
/// post's aggregates moved by exactly what the tool reports it sent (each id once).
/// </summary>
[Collection(nameof(LocalPulseAppGroup))]
public sealed class SimulationTests(LocalPulseApp stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_short_simulation_leaves_the_aggregates_moved_by_what_the_tool_reports_it_sent()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var connectionString = (await stack.App.GetConnectionStringAsync(ResourceNames.PulseDatabase, cancellationToken))!;
        await using var database = NpgsqlDataSource.Create(connectionString);
        await TestWorld.InsertAsync(database, "sim_", users: 60, posts: 300, followsPerUser: 3, cancellationToken);
        var before = await PostStatsAsync(database, cancellationToken);
        using var api = stack.CreateHttpClient(ResourceNames.Api);
        api.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, LocalPulseApp.AdminKey);
        var report = Path.Combine(Directory.CreateTempSubdirectory("pulse-simulate-").FullName, "report.json");

        var (exitCode, output) = await LoadGenProcess.RunAsync("simulate",
            "--api", api.BaseAddress!.ToString(), "--key", LocalPulseApp.AdminKey, "--postgres", connectionString,
            "--rate", "300", "--duration", "8s", "--seed", "7", "--report", report);

        Assert.True(exitCode == 0, output);
        await Eventually.ReturnsAsync(() => AggregatesLagAsync(api), lag => lag == 0, Patience, "the Ingestor to catch up");
        var sent = ReadSent(report);
        Assert.True(sent.Values.Sum(counts => counts.Views) > 100, $"only {sent.Values.Sum(c => c.Views)} views were sent");
        var after = await PostStatsAsync(database, cancellationToken);
        foreach (var (postId, counts) in after)
        {
            var moved = counts - before.GetValueOrDefault(postId);
            Assert.Equal(sent.GetValueOrDefault(postId), moved);
        }
        Assert.All(sent.Keys, postId => Assert.True(after.ContainsKey(postId), $"post {postId} was sent events but has no post_stats"));
    }

    internal static async Task<long> AggregatesLagAsync(HttpClient api)
    {
        var status = await api.GetFromJsonAsync<PipelineStatus>("/api/admin/pipeline", TestContext.Current.CancellationToken);
        var group = status!.Groups.SingleOrDefault(g => g.Name == EventStreamNames.Groups.Aggregates);
        return group is null ? long.MaxValue : (group.Lag ?? 0) + group.Pending;
    }

    /// <summary>The report's unique accepted events per post, as post_stats counts them (likes net of unlikes).</summary>
    private static Dictionary<long, Counts> ReadSent(string report)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var sent = new Dictionary<long, Counts>();
        foreach (var post in json.RootElement.GetProperty("uniqueByPost").EnumerateObject())
        {
            long Of(string type) => post.Value.TryGetProperty(type, out var count) ? count.GetInt64() : 0;
            sent[long.Parse(post.Name, System.Globalization.CultureInfo.InvariantCulture)] =
                new Counts(Of(EventTypes.PostView), Of(EventTypes.PostLike) - Of(EventTypes.PostUnlike), Of(EventTypes.PostComment), Of(EventTypes.PostShare));
        }
        return sent;
    }

    private static async Task<Dictionary<long, Counts>> PostStatsAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var stats = new Dictionary<long, Counts>();
        await using var command = database.CreateCommand("select post_id, views, likes, comments, shares from post_stats");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stats[reader.GetInt64(0)] = new Counts(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }
        return stats;
    }

    private readonly record struct Counts(long Views, long Likes, long Comments, long Shares)
    {
        public static Counts operator -(Counts left, Counts right) =>
            new(left.Views - right.Views, left.Likes - right.Likes, left.Comments - right.Comments, left.Shares - right.Shares);
    }
}

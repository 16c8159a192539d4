using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;
using Pulse.Contracts;
using Pulse.Contracts.Security;
using Pulse.TestSupport;

namespace Pulse.AppHostTests.EndToEnd;

/// <summary>pulse-loadgen seed against the running stack: the relational seed, then historical events through the Api into the aggregates.</summary>
[Collection(nameof(LocalPulseAppGroup))]
public sealed class SeedCommandTests(LocalPulseApp stack)
{
    private const int Events = 20_000;

    [Fact]
    public async Task Seeding_loads_the_graph_and_every_historical_event_reaches_the_aggregates_once()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var connectionString = (await stack.App.GetConnectionStringAsync(ResourceNames.PulseDatabase, cancellationToken))!;
        await using var database = NpgsqlDataSource.Create(connectionString);
        using var api = stack.CreateHttpClient(ResourceNames.Api);
        api.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, LocalPulseApp.AdminKey);
        var eventsBefore = await ScalarAsync(database, "select coalesce(sum(events), 0) from user_daily_activity", cancellationToken);

        var (exitCode, output) = await LoadGenProcess.RunAsync("seed", "--scale", "small", "--events", Events.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--days", "2", "--api", api.BaseAddress!.ToString(), "--key", LocalPulseApp.AdminKey, "--postgres", connectionString);

        Assert.True(exitCode == 0, output);
        Assert.Equal(1, await ScalarAsync(database, "select count(*) from seed_runs where scale = 'small'", cancellationToken));
        await Eventually.ReturnsAsync(() => SimulationTests.AggregatesLagAsync(api), lag => lag == 0, TimeSpan.FromMinutes(2), "the Ingestor to catch up");
        var eventsAfter = await ScalarAsync(database, "select coalesce(sum(events), 0) from user_daily_activity", cancellationToken);
        var (sent, days) = (eventsAfter - eventsBefore, await ScalarAsync(database, "select count(distinct day) from user_daily_activity", cancellationToken));
        // Whole batches are sent until the target is reached, so a little more may go.
        Assert.InRange(sent, Events, Events + 1_000);
        Assert.InRange(days, 2, 4);
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}

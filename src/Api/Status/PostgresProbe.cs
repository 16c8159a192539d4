using System.Diagnostics;
using Npgsql;
using Pulse.Contracts.Status;

namespace Pulse.Api.Status;

public sealed class PostgresProbe(NpgsqlDataSource dataSource) : IStoreProbe
{
    public string Store => StoreNames.PostgreSql;

    public async Task<StoreStatus> ProbeAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var command = dataSource.CreateCommand("select 1");
        await command.ExecuteScalarAsync(cancellationToken);
        return new StoreStatus(Store, StoreState.Up, Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
    }
}

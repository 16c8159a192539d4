using System.Diagnostics;
using Npgsql;

namespace Pulse.IntegrationTests.Api;

/// <summary>
/// Counts the commands Npgsql runs against one database, in this process, from its ActivitySource
/// (other test classes running meanwhile use databases of their own, so they are not counted).
/// </summary>
public sealed class PostgresQueryCounter : IDisposable
{
    private readonly ActivityListener listener;
    private readonly string database;
    private int count;

    public PostgresQueryCounter(string connectionString)
    {
        database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.TagObjects.Any(tag => tag.Key is "db.name" or "db.namespace" && Equals(tag.Value, database)))
                {
                    Interlocked.Increment(ref count);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    public int Count => Volatile.Read(ref count);

    public void Dispose() => listener.Dispose();
}

namespace Pulse.IntegrationTests.Pipeline;

/// <summary>
/// The real Ingestor as a process of its own (the build copies it next to the tests), so a test
/// can kill it with SIGKILL mid-batch and start it again, as a crash and a restart would.
/// </summary>
public sealed class IngestorProcess(string postgres, string redis, IReadOnlyDictionary<string, string>? settings = null) : IAsyncDisposable
{
    private const string ListeningLine = "Now listening on: ";

    /// <summary>The pseudonyms' salt every Ingestor of this test run shares, as every replica of a deployment does.</summary>
    public static readonly string TestSalt = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private ServiceProcess? process;
    private TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Starts { get; private set; }

    public bool IsRunning => process is { HasExited: false };

    /// <summary>
    /// Where the latest start listens for HTTP (its <c>/health</c> and <c>/alive</c>), as it logged it:
    /// it takes a free port of its own.
    /// </summary>
    public Task<Uri> Address => listening.Task;

    public void Start()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            // Where Kestrel listens is logged at Information, by this category.
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            // The same name after every restart: the replica reads its own unacknowledged entries first.
            ["Pulse:Ingestor:ConsumerName"] = "crash-test-replica",
            // A secret the AppHost generates in a deployment; one per test run here.
            ["Pulse:Erasure:PseudonymSalt"] = TestSalt,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = listening;
        process = ServiceProcess.Start("Pulse.Ingestor", postgres, redis, environment, line =>
        {
            if (line.IndexOf(ListeningLine, StringComparison.Ordinal) is >= 0 and var at)
            {
                started.TrySetResult(new Uri(line[(at + ListeningLine.Length)..].Trim()));
            }
        });
        Starts++;
    }

    /// <summary>SIGKILL: no shutdown hooks, no finishing the batch in flight.</summary>
    public async Task KillAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
        }
        process = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}

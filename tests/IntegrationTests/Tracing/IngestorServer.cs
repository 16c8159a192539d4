using Microsoft.AspNetCore.Mvc.Testing;
using Pulse.Contracts;
using Pulse.Ingestor.Streams;

namespace Pulse.IntegrationTests.Tracing;

/// <summary>
/// The Ingestor in this test process (WebApplicationFactory, keyed by a type of its assembly), so
/// its spans reach the test's <see cref="SpanCollector"/>. Started by <see cref="Start"/>; disposing
/// it stops its consumers and flushes the Redis instrumentation's profiled commands into spans.
/// </summary>
public sealed class IngestorServer(string postgres, string redis, IReadOnlyDictionary<string, string?>? settings = null) : IAsyncDisposable
{
    private WebApplicationFactory<IngestorMetrics>? factory;

    public void Start()
    {
        factory = new WebApplicationFactory<IngestorMetrics>().WithWebHostBuilder(web =>
        {
            web.UseSetting($"ConnectionStrings:{ResourceNames.PulseDatabase}", postgres)
                .UseSetting($"ConnectionStrings:{ResourceNames.Redis}", redis)
                .UseSetting("Pulse:Ingestor:ConsumerName", "trace-test-replica")
                .UseSetting(Pulse.Contracts.Privacy.ErasureSettings.PseudonymSaltKey, Pipeline.IngestorProcess.TestSalt);
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                web.UseSetting(key, value);
            }
        });
        // The host starts with its first client; the Ingestor's work is in its hosted services.
        factory.CreateClient().Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
            factory = null;
        }
    }
}

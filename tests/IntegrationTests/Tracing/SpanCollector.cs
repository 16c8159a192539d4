using System.Collections.Concurrent;
using System.Diagnostics;
using MongoDB.Driver;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Pulse.ServiceDefaults;

namespace Pulse.IntegrationTests.Tracing;

/// <summary>
/// An in-memory exporter for every span this test process records, whichever host started it: a
/// tracer provider of the test's own, listening to the ActivitySources Pulse's services export,
/// with the services' own samplers deciding (a span they drop is never started, so it is never
/// seen here either).
/// </summary>
public sealed class SpanCollector : IDisposable
{
    private readonly ConcurrentQueue<Activity> ended = new();
    private readonly TracerProvider provider;

    public SpanCollector()
    {
        provider = Sdk.CreateTracerProviderBuilder()
            .AddSource([.. PulseTelemetry.Sources, PulseTelemetry.Npgsql, PulseTelemetry.StackExchangeRedis, MongoTelemetry.ActivitySourceName])
            // What AddAspNetCoreInstrumentation and AddHttpClientInstrumentation listen to.
            .AddSource("Microsoft.AspNetCore", "System.Net.Http")
            .AddProcessor(new Collecting(ended))
            .Build();
    }

    /// <summary>The spans ended so far, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans => [.. ended];

    public void Dispose() => provider.Dispose();

    private sealed class Collecting(ConcurrentQueue<Activity> ended) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (data.Recorded)
            {
                ended.Enqueue(data);
            }
        }
    }
}

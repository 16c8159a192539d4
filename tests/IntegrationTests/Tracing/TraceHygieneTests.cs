using System.Diagnostics;
using System.Net;
using System.Text;
using Pulse.Api.Events;
using Pulse.Contracts;
using static Pulse.IntegrationTests.Tracing.SpanQueries;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Pipeline;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Tracing;

/// <summary>
/// What the Aspire dashboard's Traces page shows: the work, not the polling. An idle Ingestor
/// polls the stream twenty times a second and maintains it twice a second; none of that may be a
/// trace. One accepted POST is one trace whose request span holds the reference check and the
/// event script, and its batch is one <c>process aggregates</c> trace linked to that request.
/// </summary>
[Collection(nameof(TracingGroup))]
public sealed class TraceHygieneTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly ApiServer api = new(postgres, SpanQueries.AsTheAppHostRunsThem());

    [Fact]
    public async Task An_idle_Ingestor_starts_no_trace_in_ten_seconds_of_polling()
    {
        await PipelineWorld.RetireEventLogAsync(api.Redis.Connection);
        using var collector = new SpanCollector();
        var started = DateTime.UtcNow;
        await using (var ingestor = new IngestorServer(api.ConnectionString, api.RedisConnectionString, SpanQueries.AsTheAppHostRunsThem()))
        {
            var polls = await CommandCallsAsync("xreadgroup");
            ingestor.Start();
            // 50 ms between idle polls: 200 polls are ten seconds of an idle consumer.
            await Eventually.ReturnsAsync(async () => await CommandCallsAsync("xreadgroup") - polls, count => count >= 200, Timeout,
                "the idle Ingestor to poll the stream 200 times");
            await Eventually.ReturnsAsync(() => CommandCallsAsync("xtrim"), count => count > 0, Timeout, "the stream maintenance to run");
        }
        // Disposed: the Redis instrumentation turned every profiled command into a span (or dropped it).

        // A span whose parent is never exported is a trace of its own on the dashboard, like a root.
        // (The Api's own start-up work, before the Ingestor started, is no idle polling.)
        var spans = collector.Spans.Where(span => span.StartTimeUtc >= started).ToList();
        var traces = spans.GroupBy(span => span.TraceId).ToList();
        output.WriteLine($"{spans.Count} spans recorded in {traces.Count} traces.");
        Assert.True(traces.Count == 0, $"An idle Ingestor started {traces.Count} traces: {Describe(spans)}");
    }

    [Fact]
    public async Task One_post_is_one_request_trace_and_one_batch_trace_linked_to_it()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (users, posts, _) = await PipelineWorld.SeedAsync(api, users: 1, posts: 1);
        await PipelineWorld.RetireEventLogAsync(api.Redis.Connection);
        using var client = await PipelineWorld.IngestClientAsync(api);
        using var collector = new SpanCollector();
        await using var ingestor = new IngestorServer(api.ConnectionString, api.RedisConnectionString, SpanQueries.AsTheAppHostRunsThem());
        ingestor.Start();

        using var body = new StringContent(PipelineWorld.ViewsBody(posts[0], 1, users), Encoding.UTF8, "application/json");
        var sent = DateTime.UtcNow;
        using var response = await client.PostAsync("/api/events", body, cancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await AggregatesGroup.WaitUntilDrainedAsync(api.Redis.Connection.GetDatabase(), Timeout);
        await ingestor.DisposeAsync();

        var request = collector.OnlyOne(span => span.Kind == ActivityKind.Server && span.DisplayName == "POST api/events", "the POST's request span");
        // The Redis instrumentation makes spans of a request's commands after the request ended (every 10 s).
        var script = await Eventually.ReturnsAsync(() => Task.FromResult(collector.ChildrenOf(IngestSpans.RecordEvents, request).SelectMany(collector.ChildrenOf).ToList()),
            spans => spans.Count > 0, Timeout, "the event script's Redis span under the request");
        var batch = collector.OnlyOne(span => span.Kind == ActivityKind.Consumer && span.DisplayName == $"process {EventStreamNames.Groups.Aggregates}", "the batch span");
        // What happened from the POST on (the test's own set-up and the services' start-up came before).
        var spans = collector.Spans.Where(span => span.StartTimeUtc >= sent).ToList();

        Assert.True(IsRoot(request));
        var references = Assert.Single(collector.ChildrenOf(IngestSpans.CheckReferences, request));
        Assert.Contains(collector.ChildrenOf(references), span => IsDatabase(span, "postgresql"));
        Assert.Contains(script, span => IsDatabase(span, "redis") && span.DisplayName is "EVALSHA" or "EVAL");

        Assert.True(IsRoot(batch));
        Assert.Equal(1, batch.GetTagItem("messaging.batch.message_count"));
        Assert.Contains(batch.Links, link => link.Context.TraceId == request.TraceId);
        var stored = collector.ChildrenOf(batch).ToList();
        Assert.Contains(stored, span => IsDatabase(span, "postgresql"));
        Assert.Contains(stored, span => IsDatabase(span, "redis") && span.DisplayName == "XACK");

        var roots = spans.Where(IsRoot).ToList();
        output.WriteLine($"{spans.Count} spans, roots: {Describe(roots)}");
        Assert.Equal([request, batch], roots.OrderBy(span => span.StartTimeUtc));
        // Every span belongs to one of the two traces: none hangs under a parent that is never exported.
        Assert.Equal(
            new[] { request.TraceId, batch.TraceId }.Select(id => id.ToHexString()).Order(),
            spans.Select(span => span.TraceId.ToHexString()).Distinct().Order());
        Assert.All(spans.Where(span => !IsRoot(span)), span => Assert.Contains(spans, parent => parent.SpanId == span.ParentSpanId));
    }

    public async ValueTask InitializeAsync() => await api.InitializeAsync();

    public async ValueTask DisposeAsync() => await api.DisposeAsync();

    private Task<long> CommandCallsAsync(string command) => RedisCommandStats.CallsAsync(api.Redis.Connection, command);
}

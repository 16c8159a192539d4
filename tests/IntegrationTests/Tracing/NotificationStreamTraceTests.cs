using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts.Notifications;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Notifications;
using Pulse.TestSupport;
using Pulse.TestSupport.Servers;
using static Pulse.IntegrationTests.Tracing.SpanQueries;

namespace Pulse.IntegrationTests.Tracing;

/// <summary>
/// A notification stream stays open for hours and checks its session every second or two. Those
/// checks are upkeep, not the request's work: were they its spans, the Redis instrumentation would
/// hold every one in memory until the stream closed, then hang thousands under one trace.
/// </summary>
[Collection(nameof(TracingGroup))]
public sealed class NotificationStreamTraceTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly ApiServer api = new(postgres, AsTheAppHostRunsThem(new()
    {
        ["Pulse:Notifications:SessionCheckSeconds"] = "1",
        ["Pulse:Notifications:StreamLeaseSeconds"] = "5",
    }));

    [Fact]
    public async Task The_session_checks_of_an_open_stream_are_not_spans_of_its_request()
    {
        await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("ada", "Ada", "ada@example.com", "GB", "ada-password"));
        var session = await api.PostAsync<SessionCreated>("/api/sessions", new CreateSessionRequest("ada", "ada-password"));
        using var client = api.CreateClient(bearer: session.Token);
        using var collector = new SpanCollector();

        long checks;
        DateTime ready;
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            stop.CancelAfter(Patience);
            using var response = await client.GetAsync("/api/notifications/stream", HttpCompletionOption.ResponseHeadersRead, stop.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
            Assert.Equal(NotificationEvents.Ready, (await ServerSentEvents.ReadAsync(reader, stop.Token)).Type);
            ready = DateTime.UtcNow;
            var before = await ScriptCallsAsync();
            // One script call opened the stream; each second one more checks the session and renews its lease.
            checks = await Eventually.ReturnsAsync(async () => await ScriptCallsAsync() - before, count => count >= 5, Patience, "five session checks");
        }

        var stream = await Eventually.ReturnsAsync(
            () => Task.FromResult(collector.Spans.Where(span => span.Kind == ActivityKind.Server && span.DisplayName == "GET api/notifications/stream").ToList()),
            spans => spans.Count == 1, Patience, "the stream's request span, once the client left");
        // The Redis instrumentation makes a request's spans after the request ended: the script that opened the stream shows they came.
        var scripts = await Eventually.ReturnsAsync(
            () => Task.FromResult(collector.ChildrenOf(stream[0]).Where(IsScript).ToList()),
            spans => spans.Any(span => span.StartTimeUtc < ready), Patience, "the script call that opened the stream, under its request");

        // Before the stream was ready: the rate limiters' scripts and the one that opened it. After: none, though the checks ran.
        Assert.True(checks >= 5);
        Assert.DoesNotContain(collector.Spans, span => span.StartTimeUtc >= ready && IsScript(span));
    }

    private static bool IsScript(Activity span) => IsDatabase(span, "redis") && span.DisplayName is "EVALSHA" or "EVAL";

    public async ValueTask InitializeAsync() => await api.InitializeAsync();

    public async ValueTask DisposeAsync() => await api.DisposeAsync();

    private async Task<long> ScriptCallsAsync() =>
        await RedisCommandStats.CallsAsync(api.Redis.Connection, "evalsha") + await RedisCommandStats.CallsAsync(api.Redis.Connection, "eval");
}

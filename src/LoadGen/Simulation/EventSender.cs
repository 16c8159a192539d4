using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pulse.Contracts.Events;
using Pulse.Contracts.Realtime;

namespace Pulse.LoadGen.Simulation;

/// <summary>What the Api finally answered to one batch, after any backing off.</summary>
/// <param name="Accepted">Null when the batch was refused; then <paramref name="Status"/> says why.</param>
/// <param name="Resends">How often the same batch was sent again after a 429, a 503 or a lost answer.</param>
public sealed record SendOutcome(IngestAccepted? Accepted, HttpStatusCode Status, int Resends);

/// <summary>
/// Posts batches to <c>/api/events</c> like a careful client: on 429 or 503 it waits the Retry-After
/// and sends the same batch again (nothing was accepted, so that is safe), and a lost answer is
/// resent too (the Api counts a resent id once). It gives up once one batch has waited too long.
/// </summary>
/// <remarks>
/// Follows and unfollows are not events a client may claim: they are made as a user makes them,
/// with <c>PUT</c> and <c>DELETE /api/users/{id}/following/{targetId}</c>, which send their own
/// events. That takes an admin key (an ingest key may not act for users); with another key they
/// are left out, and said so once.
/// </remarks>
public sealed class EventSender(HttpClient api, TimeSpan maxWait, Action<string> onBackoff)
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    // Absent fields rather than nulls: about a third less to send.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private int followsRefused;

    public static string EventsPath => "/api/events";

    public static string FollowingPath(long userId, long targetId) =>
        string.Create(CultureInfo.InvariantCulture, $"/api/users/{userId}/following/{targetId}");

    /// <summary>Follows and unfollows the Api refused to make for this key.</summary>
    public int FollowsRefused => Volatile.Read(ref followsRefused);

    /// <summary>
    /// Sends the batch's events, then makes its follows and unfollows; they count as accepted
    /// where the Api made them.
    /// </summary>
    public async Task<SendOutcome> SendAsync(IReadOnlyList<IngestEvent> events, CancellationToken cancellationToken)
    {
        var follows = events.Where(IsFollowChange).ToList();
        var others = follows.Count == 0 ? events : [.. events.Where(e => !IsFollowChange(e))];
        var outcome = others.Count == 0
            ? new SendOutcome(new IngestAccepted(0, 0), HttpStatusCode.Accepted, 0)
            : await PostEventsAsync(others, cancellationToken);
        if (follows.Count == 0 || outcome.Accepted is not { } accepted)
        {
            return outcome;
        }

        var made = 0;
        foreach (var follow in follows)
        {
            made += await ChangeFollowAsync(follow, cancellationToken) ? 1 : 0;
        }
        return outcome with { Accepted = accepted with { Accepted = accepted.Accepted + made } };
    }

    private static bool IsFollowChange(IngestEvent e) =>
        e.Type is EventTypes.UserFollow or EventTypes.UserUnfollow && e.UserId is not null && e.TargetUserId is not null;

    private async Task<SendOutcome> PostEventsAsync(IReadOnlyList<IngestEvent> events, CancellationToken cancellationToken)
    {
        var (response, resends) = await SendWithBackoffAsync(
            () => api.PostAsJsonAsync(EventsPath, new IngestRequest(events), Json, cancellationToken), "batch", cancellationToken);
        using (response)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.Accepted:
                    var accepted = await response.Content.ReadFromJsonAsync<IngestAccepted>(JsonSerializerOptions.Web, cancellationToken);
                    return new SendOutcome(accepted, response.StatusCode, resends);
                case HttpStatusCode.Forbidden:
                    throw new SimulationStoppedException("The Api refused the key (403): it lacks the ingest scope; use an ingest or admin API key.");
                default:
                    return new SendOutcome(null, response.StatusCode, resends);
            }
        }
    }

    /// <summary>True when the Api made the follow or the unfollow (or it already was so).</summary>
    private async Task<bool> ChangeFollowAsync(IngestEvent change, CancellationToken cancellationToken)
    {
        var path = FollowingPath(change.UserId!.Value, change.TargetUserId!.Value);
        var (response, _) = await SendWithBackoffAsync(
            () => change.Type == EventTypes.UserFollow ? api.PutAsync(path, null, cancellationToken) : api.DeleteAsync(path, cancellationToken),
            "follow", cancellationToken);
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return true;
            }
            if (response.StatusCode == HttpStatusCode.Forbidden && Interlocked.Increment(ref followsRefused) == 1)
            {
                onBackoff("follows left out: making them takes an admin key (403)");
            }
            return false;
        }
    }

    /// <summary>Sends until the answer is neither 429, 503 nor lost; 401 stops the run.</summary>
    private async Task<(HttpResponseMessage Response, int Resends)> SendWithBackoffAsync(
        Func<Task<HttpResponseMessage>> send, string what, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        for (var resends = 0; ; resends++)
        {
            TimeSpan wait;
            string why;
            try
            {
                var response = await send();
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Unauthorized:
                        response.Dispose();
                        throw new SimulationStoppedException("The Api refused the credentials (401): pass --key or set PULSE_API_KEY to an ingest or admin API key.");
                    case HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable:
                        wait = RetryAfter(response);
                        why = $"{(int)response.StatusCode} {response.StatusCode}";
                        response.Dispose();
                        break;
                    default:
                        return (response, resends);
                }
            }
            catch (HttpRequestException exception)
            {
                wait = DefaultRetryAfter;
                why = exception.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                wait = DefaultRetryAfter;
                why = "no answer within the timeout";
            }

            waited += wait;
            if (waited > maxWait)
            {
                throw new SimulationStoppedException($"Gave up on a {what} after backing off {waited.TotalSeconds:0} s (last: {why}); raise the Api's ingest rate limit, lower --rate, or raise --max-wait.");
            }
            onBackoff($"backing off {wait.TotalSeconds:0.#} s ({why})");
            await Task.Delay(wait, cancellationToken);
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } when delta > TimeSpan.Zero => delta,
        { Date: { } date } when date > DateTimeOffset.UtcNow => date - DateTimeOffset.UtcNow,
        _ => DefaultRetryAfter,
    };
}

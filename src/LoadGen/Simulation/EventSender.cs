using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pulse.Contracts.Events;

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
public sealed class EventSender(HttpClient api, TimeSpan maxWait, Action<string> onBackoff)
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    // Absent fields rather than nulls: about a third less to send.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static string EventsPath => "/api/events";

    public async Task<SendOutcome> SendAsync(IReadOnlyList<IngestEvent> events, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        for (var resends = 0; ; resends++)
        {
            TimeSpan wait;
            string why;
            try
            {
                using var response = await api.PostAsJsonAsync(EventsPath, new IngestRequest(events), Json, cancellationToken);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Accepted:
                        var accepted = await response.Content.ReadFromJsonAsync<IngestAccepted>(JsonSerializerOptions.Web, cancellationToken);
                        return new SendOutcome(accepted, response.StatusCode, resends);
                    case HttpStatusCode.Unauthorized:
                        throw new SimulationStoppedException("The Api refused the credentials (401): pass --key or set PULSE_API_KEY to an ingest or admin API key.");
                    case HttpStatusCode.Forbidden:
                        throw new SimulationStoppedException("The Api refused the key (403): it lacks the ingest scope; use an ingest or admin API key.");
                    case HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable:
                        wait = RetryAfter(response);
                        why = $"{(int)response.StatusCode} {response.StatusCode}";
                        break;
                    default:
                        return new SendOutcome(null, response.StatusCode, resends);
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
                throw new SimulationStoppedException($"Gave up on a batch after backing off {waited.TotalSeconds:0} s (last: {why}); raise the Api's ingest rate limit, lower --rate, or raise --max-wait.");
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

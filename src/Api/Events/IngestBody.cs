using System.Buffers;
using System.Text.Json;
using Pulse.Contracts.Events;

namespace Pulse.Api.Events;

/// <summary>Why a body could not be read as an ingest request.</summary>
public enum BodyProblem
{
    None,
    NotJson,
    TooLarge,
    Malformed,
}

/// <summary>
/// Reads the body of <c>POST /api/events</c> without trusting it: JSON content type (415), at most
/// <see cref="EventRules.MaxBodyBytes"/> (413, before reading it all when Content-Length says so),
/// and parsed straight from the request's buffers.
/// </summary>
public static class IngestBody
{
    public static async Task<(IngestRequest? Request, BodyProblem Problem, string? Detail)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, BodyProblem.NotJson, $"The body must be JSON (Content-Type: application/json), not '{request.ContentType}'.");
        }
        if (request.ContentLength > EventRules.MaxBodyBytes)
        {
            return (null, BodyProblem.TooLarge, TooLargeDetail);
        }

        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            if (read.Buffer.Length > EventRules.MaxBodyBytes)
            {
                reader.AdvanceTo(read.Buffer.End);
                return (null, BodyProblem.TooLarge, TooLargeDetail);
            }
            if (read.IsCompleted)
            {
                try
                {
                    return (Parse(read.Buffer), BodyProblem.None, null);
                }
                catch (JsonException exception)
                {
                    return (null, BodyProblem.Malformed, $"The body is not a valid ingest request: {exception.Message}");
                }
                finally
                {
                    reader.AdvanceTo(read.Buffer.End);
                }
            }
            // Keep everything buffered until the whole body is in.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static string TooLargeDetail => $"The body must be at most {EventRules.MaxBodyBytes} bytes; send the events in several batches.";

    private static IngestRequest Parse(ReadOnlySequence<byte> body)
    {
        var json = new Utf8JsonReader(body);
        return JsonSerializer.Deserialize<IngestRequest>(ref json, JsonSerializerOptions.Web)
            ?? throw new JsonException("The body is JSON null.");
    }
}

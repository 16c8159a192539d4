using System.Text.Json;

namespace Pulse.IntegrationTests.Notifications;

/// <summary>Reads a <c>text/event-stream</c> body as a browser's EventSource does.</summary>
public static class ServerSentEvents
{
    /// <summary>Reads one event: its 'event:' and 'data:' lines up to the blank line.</summary>
    public static async Task<(string Type, JsonElement Data)> ReadAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? type = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else if (line.Length == 0 && data is not null)
            {
                return (type ?? "message", JsonSerializer.Deserialize<JsonElement>(data));
            }
        }
        throw new Xunit.Sdk.XunitException("The stream ended before an event arrived.");
    }
}

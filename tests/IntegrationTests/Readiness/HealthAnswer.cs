using System.Net;
using System.Text.Json;

namespace Pulse.IntegrationTests.Readiness;

/// <summary>
/// What a <c>/health</c> or <c>/alive</c> request answered: its status code and overall state, and for
/// <c>/health</c> each check's state and, where the caller may read it, why.
/// </summary>
public sealed record HealthAnswer(HttpStatusCode Code, string Body)
{
    public static async Task<HealthAnswer> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        return new HealthAnswer(response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// The overall state: the JSON report's <c>status</c>, or the plain text <c>/alive</c> answers
    /// (problem details, whose <c>status</c> is the status code, give that).
    /// </summary>
    public string Status => Report is { } report && report.TryGetProperty("status", out var status) ? status.ToString() : Body.Trim();

    public string? CheckStatus(string check) => Check(check)?.GetProperty("status").GetString();

    public string? CheckDescription(string check) =>
        Check(check) is { } entry && entry.TryGetProperty("description", out var description) ? description.GetString() : null;

    private JsonElement? Check(string check) =>
        Report is { } report && report.TryGetProperty("checks", out var checks) && checks.TryGetProperty(check, out var entry) ? entry : null;

    private JsonElement? Report => Body.TrimStart().StartsWith('{') ? JsonDocument.Parse(Body).RootElement : null;

    public override string ToString() => $"{(int)Code} {Body}";
}

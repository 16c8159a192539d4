using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pulse.IntegrationTests.Api;

internal static class ProblemAssertions
{
    /// <summary>Asserts an RFC 7807 answer with this status, and returns its JSON.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts a 400 validation problem that names <paramref name="field"/>, and returns its messages.</summary>
    public static async Task<string[]> AssertInvalidFieldAsync(this HttpResponseMessage response, string field) =>
        (await response.AssertInvalidFieldsAsync(field))[field];

    /// <summary>Asserts a 400 validation problem that names every one of <paramref name="fields"/>.</summary>
    public static async Task<Dictionary<string, string[]>> AssertInvalidFieldsAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateObject()
            .ToDictionary(property => property.Name, property => property.Value.EnumerateArray().Select(message => message.GetString()!).ToArray());
        Assert.All(fields, field => Assert.True(errors.ContainsKey(field), $"no error for '{field}' in {problem}"));
        return errors;
    }
}

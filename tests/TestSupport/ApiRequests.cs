using System.Net.Http.Json;

namespace Pulse.TestSupport;

public static class ApiRequests
{
    /// <summary>POSTs <paramref name="body"/> as JSON and reads the answer as <typeparamref name="T"/>, failing the test with the Api's answer when it is not a success.</summary>
    public static async Task<T> PostForAsync<T>(this HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<T>(TestContext.Current.CancellationToken))!;
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Pulse.WebTests.Support;

/// <summary>
/// The Pulse Api as the Web's client sees it over HTTP, without a server: each route answers what
/// the test says (a value, problem details, a file, or no answer at all), and every request is kept.
/// Answers are functions, so a test can change what a route says between two calls.
/// </summary>
public sealed class StubApi : HttpMessageHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<(HttpMethod Method, string Path), Func<HttpRequestMessage, HttpResponseMessage>> routes = new();
    private readonly ConcurrentQueue<StubRequest> requests = new();

    public IReadOnlyList<StubRequest> Requests => [.. requests];

    public int CountOf(string path, HttpMethod? method = null) =>
        Requests.Count(request => request.Path == path && request.Method == (method ?? HttpMethod.Get));

    /// <summary>Answers <paramref name="path"/> (no query, no leading slash) with 200 and <paramref name="value"/>() as JSON.</summary>
    public StubApi Returns<T>(string path, Func<T> value, HttpMethod? method = null) =>
        Route(path, method, _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(value(), options: Json) });

    public StubApi Returns<T>(string path, T value, HttpMethod? method = null) => Returns(path, () => value, method);

    /// <summary>Answers with problem details, as the Api does for every failure.</summary>
    public StubApi Fails(string path, HttpStatusCode status, string title, string? detail = null, HttpMethod? method = null,
        IReadOnlyDictionary<string, string[]>? errors = null, IReadOnlyDictionary<string, object?>? extensions = null) =>
        Route(path, method, _ => Problem(status, title, detail, errors, extensions));

    /// <summary>The Api does not answer: the request throws as a refused connection does.</summary>
    public StubApi Unreachable(string path, HttpMethod? method = null) =>
        Route(path, method, _ => throw new HttpRequestException("Connection refused (api:8080)"));

    public StubApi ReturnsFile(string path, string contentType, string body, string? fileName = null) =>
        Route(path, null, _ =>
        {
            var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            if (fileName is not null)
            {
                content.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileName = fileName };
            }
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });

    public StubApi Route(string path, HttpMethod? method, Func<HttpRequestMessage, HttpResponseMessage> respond)
    {
        routes[(method ?? HttpMethod.Get, path)] = respond;
        return this;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var uri = request.RequestUri!;
        var path = uri.AbsolutePath.TrimStart('/');
        requests.Enqueue(new StubRequest(request.Method, path, uri.Query, request.Headers.ToDictionary(header => header.Key, header => string.Join(",", header.Value))));
        var response = routes.TryGetValue((request.Method, path), out var respond)
            ? respond(request)
            : Problem(HttpStatusCode.NotFound, "Not Found", $"The stub has no route {request.Method} {path}.");
        response.RequestMessage = request;
        return Task.FromResult(response);
    }

    private static HttpResponseMessage Problem(HttpStatusCode status, string title, string? detail, IReadOnlyDictionary<string, string[]>? errors = null,
        IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var body = new Dictionary<string, object?> { ["type"] = "https://tools.ietf.org/html/rfc9110", ["title"] = title, ["status"] = (int)status };
        if (detail is not null)
        {
            body["detail"] = detail;
        }
        if (errors is not null)
        {
            body["errors"] = errors;
        }
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
        {
            body[name] = value;
        }
        var content = JsonContent.Create(body, options: Json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/problem+json");
        return new HttpResponseMessage(status) { Content = content };
    }
}

public sealed record StubRequest(HttpMethod Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers);

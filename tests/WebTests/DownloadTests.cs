using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Web.Extensions;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>The Web's CSV download: the Api's file streamed through with the admin key, which the browser never sees.</summary>
public sealed class DownloadTests : IDisposable
{
    private readonly StubApi api = new();

    public void Dispose() => api.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static DefaultHttpContext Context() => new()
    {
        RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        Response = { Body = new MemoryStream() },
    };

    [Fact]
    public async Task Streams_the_apis_csv_as_an_attachment()
    {
        api.ReturnsFile("api/reports/overview.csv", "text/csv", "section,post_id\ntrending,11\n", "pulse-overview-30d.csv");
        var context = Context();

        var result = await DownloadEndpoints.DownloadOverviewCsv(WebTestContext.ApiClient(api), context, Token, days: 30);
        await ((IResult)result.Result).ExecuteAsync(context);

        var request = Assert.Single(api.Requests);
        Assert.Equal("?days=30", request.Query);
        Assert.Equal(WebTestContext.AdminKey, request.Headers[Pulse.Contracts.Security.AuthHeaders.ApiKey]);
        Assert.StartsWith("text/csv", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Contains("attachment", context.Response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        Assert.Contains("pulse-overview-30d.csv", context.Response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(WebTestContext.AdminKey, context.Response.Headers.ToString(), StringComparison.Ordinal);
        context.Response.Body.Position = 0;
        Assert.Equal("section,post_id\ntrending,11\n", await new StreamReader(context.Response.Body).ReadToEndAsync(Token));
    }

    [Fact]
    public async Task Passes_the_apis_problem_on()
    {
        api.Fails("api/reports/overview.csv", HttpStatusCode.BadRequest, "One or more validation errors occurred.");

        var result = await DownloadEndpoints.DownloadOverviewCsv(WebTestContext.ApiClient(api), Context(), Token, days: 999);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(400, problem.StatusCode);
        Assert.Equal("One or more validation errors occurred.", problem.ProblemDetails.Title);
    }

    [Fact]
    public async Task Says_bad_gateway_when_the_api_does_not_answer()
    {
        api.Unreachable("api/reports/overview.csv");

        var result = await DownloadEndpoints.DownloadOverviewCsv(WebTestContext.ApiClient(api), Context(), Token);

        Assert.Equal(502, Assert.IsType<ProblemHttpResult>(result.Result).StatusCode);
    }
}

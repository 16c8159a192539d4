using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Web.Extensions;
using Pulse.Web.Security;
using Pulse.Web.Services.Api;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>The Web's CSV download: the Api's file streamed through with the signed-in person's token, which the browser never sees.</summary>
public sealed class DownloadTests : IDisposable
{
    private readonly StubApi api = new();

    public void Dispose() => api.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static DefaultHttpContext Context(SignedInUser? user = null) => new()
    {
        RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        Response = { Body = new MemoryStream() },
        User = user?.ToPrincipal() ?? new ClaimsPrincipal(new ClaimsIdentity()),
    };

    /// <summary>The client as the endpoint gets it: scoped to a request, whose circuit state nobody set (it throws if read).</summary>
    private (PulseApiClient Client, ApiCaller Caller) RequestScopedClient()
    {
        var caller = new ApiCaller(new UnsetAuthenticationState(), new EndedSessions(TimeProvider.System), TimeProvider.System);
        return (WebTestContext.ApiClient(api, caller), caller);
    }

    [Fact]
    public async Task Streams_the_apis_csv_as_an_attachment()
    {
        api.ReturnsFile("api/reports/overview.csv", "text/csv", "section,post_id\ntrending,11\n", "pulse-overview-30d.csv");
        var context = Context(TestPeople.Analyst);
        var (client, caller) = RequestScopedClient();

        var result = await DownloadEndpoints.DownloadOverviewCsv(client, caller, context, Token, days: 30);
        await ((IResult)result.Result).ExecuteAsync(context);

        var request = Assert.Single(api.Requests);
        Assert.Equal("?days=30", request.Query);
        Assert.Equal("Bearer " + TestPeople.Analyst.Token, request.Headers["Authorization"]);
        Assert.DoesNotContain(Pulse.Contracts.Security.AuthHeaders.ApiKey, request.Headers.Keys);
        Assert.StartsWith("text/csv", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Contains("attachment", context.Response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        Assert.Contains("pulse-overview-30d.csv", context.Response.Headers.ContentDisposition.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestPeople.Analyst.Token, context.Response.Headers.ToString(), StringComparison.Ordinal);
        context.Response.Body.Position = 0;
        Assert.Equal("section,post_id\ntrending,11\n", await new StreamReader(context.Response.Body).ReadToEndAsync(Token));
    }

    [Fact]
    public async Task Passes_the_apis_problem_on()
    {
        api.Fails("api/reports/overview.csv", HttpStatusCode.BadRequest, "One or more validation errors occurred.");

        var (client, caller) = RequestScopedClient();

        var result = await DownloadEndpoints.DownloadOverviewCsv(client, caller, Context(TestPeople.Analyst), Token, days: 999);

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(400, problem.StatusCode);
        Assert.Equal("One or more validation errors occurred.", problem.ProblemDetails.Title);
    }

    [Fact]
    public async Task Says_bad_gateway_when_the_api_does_not_answer()
    {
        api.Unreachable("api/reports/overview.csv");

        var (client, caller) = RequestScopedClient();

        var result = await DownloadEndpoints.DownloadOverviewCsv(client, caller, Context(TestPeople.Analyst), Token);

        Assert.Equal(502, Assert.IsType<ProblemHttpResult>(result.Result).StatusCode);
    }

    [Fact]
    public void The_download_asks_for_a_signed_in_analyst_or_admin()
    {
        var app = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder().Build();
        app.MapDownloads();

        var endpoint = ((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).Single();

        var policy = Assert.Single(endpoint.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>());
        Assert.Equal(WebAuth.DashboardPolicy, policy.Policy);
        Assert.Null(endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>());
    }

    private sealed class UnsetAuthenticationState : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            throw new InvalidOperationException("Outside a circuit nobody set the authentication state.");
    }
}

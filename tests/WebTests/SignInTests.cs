using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pulse.Contracts.Security;
using Pulse.Web.Security;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>
/// Signing in to the dashboard against a stub Api, with the Web's real cookie handler: who gets a
/// cookie, what it holds, and what each refusal answers; and the cookie dropped once its session is over.
/// </summary>
public sealed class SignInTests : IDisposable
{
    private static readonly DateTimeOffset EndsAt = DateTimeOffset.UtcNow.AddHours(12);

    private readonly StubApi api = new();
    private readonly ServiceProvider services;
    private readonly EndedSessions ended = new(TimeProvider.System);

    public SignInTests()
    {
        var collection = new ServiceCollection().AddLogging();
        collection.AddSingleton(TimeProvider.System);
        collection.AddSingleton(ended);
        collection.AddScoped<SessionCookieEvents>();
        collection.AddAuthentication(WebAuth.Scheme).AddCookie(WebAuth.Scheme, WebAuth.ConfigureCookie);
        services = collection.BuildServiceProvider();
    }

    public void Dispose()
    {
        services.Dispose();
        api.Dispose();
    }

    private DefaultHttpContext Context(SignedInUser? user = null) => new()
    {
        RequestServices = services,
        User = user?.ToPrincipal() ?? new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()),
        Request = { Scheme = "http", Host = new HostString("web") },
    };

    private DashboardSignIn SignIn() =>
        new(WebTestContext.ApiClient(api, user: null), NullLogger<DashboardSignIn>.Instance);

    private void SessionFor(string handle, string role, string token = "new-token") =>
        api.Route("api/sessions", HttpMethod.Post, _ => new HttpResponseMessage(HttpStatusCode.Created)
        {
            Content = JsonContent.Create(new SessionCreated(token, 9, handle, role, DateTimeOffset.UtcNow.AddMinutes(30), EndsAt)),
        });

    [Fact]
    public async Task An_analyst_gets_a_cookie_holding_their_session_until_it_ends()
    {
        SessionFor("cat", Roles.Analyst);
        var context = Context();

        var outcome = await SignIn().SignInAsync(context, "cat", "secret");

        Assert.True(outcome.SignedIn);
        Assert.Equal(new SignedInUser(9, "cat", Roles.Analyst, "new-token", EndsAt), outcome.User);
        var cookie = context.Response.Headers.SetCookie.ToString();
        Assert.StartsWith(WebAuth.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("new-token", cookie, StringComparison.Ordinal);
        Assert.Contains("expires=" + EndsAt.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), cookie, StringComparison.OrdinalIgnoreCase);
        var signIn = Assert.Single(api.Requests);
        Assert.DoesNotContain("Authorization", signIn.Headers.Keys);
    }

    [Fact]
    public async Task Over_https_the_cookie_is_secure()
    {
        SessionFor("cat", Roles.Admin);
        var context = Context();
        context.Request.Scheme = "https";

        await SignIn().SignInAsync(context, "cat", "secret");

        Assert.Contains("secure", context.Response.Headers.SetCookie.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_member_is_refused_with_403_and_their_new_session_ends()
    {
        SessionFor("dan", Roles.Member, token: "member-token");
        api.Route("api/sessions/current", HttpMethod.Delete, _ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var context = Context();

        var outcome = await SignIn().SignInAsync(context, "dan", "secret");

        Assert.False(outcome.SignedIn);
        Assert.Equal((403, DashboardSignIn.Member), (context.Response.StatusCode, outcome.ErrorKind));
        Assert.Contains("this dashboard is for analysts and admins", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(context.Response.Headers.SetCookie.ToString());
        var revoke = Assert.Single(api.Requests, request => request.Method == HttpMethod.Delete);
        Assert.Equal(("api/sessions/current", "Bearer member-token"), (revoke.Path, revoke.Headers["Authorization"]));
    }

    [Fact]
    public async Task A_wrong_password_answers_401()
    {
        api.Fails("api/sessions", HttpStatusCode.Unauthorized, "Wrong handle or password", method: HttpMethod.Post);
        var context = Context();

        var outcome = await SignIn().SignInAsync(context, "cat", "wrong");

        Assert.Equal((401, DashboardSignIn.WrongPassword, "Wrong handle or password."), (context.Response.StatusCode, outcome.ErrorKind, outcome.Message));
        Assert.Empty(context.Response.Headers.SetCookie.ToString());
    }

    [Fact]
    public async Task A_throttled_sign_in_answers_429_with_the_wait()
    {
        api.Route("api/sessions", HttpMethod.Post, _ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(8));
            return response;
        });
        var context = Context();

        var outcome = await SignIn().SignInAsync(context, "cat", "wrong");

        Assert.Equal((429, DashboardSignIn.Throttled), (context.Response.StatusCode, outcome.ErrorKind));
        Assert.Equal("Too many sign-in attempts. Try again in 8 s.", outcome.Message);
        Assert.Equal("8", context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task An_api_that_does_not_answer_is_said_to_be_unreachable()
    {
        api.Unreachable("api/sessions", HttpMethod.Post);
        var context = Context();

        var outcome = await SignIn().SignInAsync(context, "cat", "secret");

        Assert.Equal((503, DashboardSignIn.Unreachable), (context.Response.StatusCode, outcome.ErrorKind));
        Assert.Contains("did not answer", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_again_ends_the_session_the_cookie_held()
    {
        SessionFor("cat", Roles.Analyst, token: "new-token");
        api.Route("api/sessions/current", HttpMethod.Delete, _ => new HttpResponseMessage(HttpStatusCode.NoContent));

        await SignIn().SignInAsync(Context(TestPeople.Analyst), "cat", "secret");

        var revoke = Assert.Single(api.Requests, request => request.Method == HttpMethod.Delete);
        Assert.Equal("Bearer " + TestPeople.Analyst.Token, revoke.Headers["Authorization"]);
    }

    [Theory]
    [InlineData("/posts?days=7", "/posts?days=7")]
    [InlineData("/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("posts", "/")]
    [InlineData(null, "/")]
    public void Only_a_local_return_url_is_followed(string? returnUrl, string followed) =>
        Assert.Equal(followed, WebAuth.LocalUrl(returnUrl));

    [Fact]
    public async Task A_cookie_whose_session_is_over_is_dropped_on_its_next_request()
    {
        var events = new SessionCookieEvents(ended, TimeProvider.System, NullLogger<SessionCookieEvents>.Instance);

        var before = await ValidateAsync(events, TestPeople.Analyst);
        ended.Add(TestPeople.Analyst.Token, TestPeople.Analyst.EndsAt);
        var after = await ValidateAsync(events, TestPeople.Analyst);
        var someoneElse = await ValidateAsync(events, TestPeople.OtherAnalyst);
        var pastItsEnd = await ValidateAsync(events, TestPeople.OtherAnalyst with { EndsAt = DateTimeOffset.UtcNow.AddSeconds(-1) });

        Assert.NotNull(before.Principal);
        Assert.Null(after.Principal);
        Assert.Contains(WebAuth.CookieName + "=;", after.HttpContext.Response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
        Assert.NotNull(someoneElse.Principal);
        Assert.Null(pastItsEnd.Principal);
    }

    private async Task<CookieValidatePrincipalContext> ValidateAsync(SessionCookieEvents events, SignedInUser user)
    {
        var context = Context();
        var scheme = new AuthenticationScheme(WebAuth.Scheme, null, typeof(CookieAuthenticationHandler));
        var options = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(WebAuth.Scheme);
        var validation = new CookieValidatePrincipalContext(context, scheme, options,
            new AuthenticationTicket(user.ToPrincipal(), new AuthenticationProperties(), WebAuth.Scheme));
        await events.ValidatePrincipal(validation);
        return validation;
    }
}

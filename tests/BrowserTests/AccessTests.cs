using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Pulse.BrowserTests;

/// <summary>Who may see what: nobody without signing in, analysts the dashboard, admins also the audit log, the privacy page and replay; members nothing.</summary>
[Collection(BrowserGroup.Name)]
public sealed class AccessTests(PulseInBrowser pulse)
{
    public static TheoryData<string> Paths => ["/", "/posts", "/posts/1", "/growth?days=7", "/audience?days=30", "/report", "/pipeline", "/status", "/audit", "/privacy"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task An_anonymous_visitor_of_any_page_gets_the_sign_in_page(string path)
    {
        var page = await pulse.NewPageAsync(person: null);

        var response = await page.GotoAsync(new Uri(pulse.WebAddress, path).ToString());

        Assert.True(response?.Ok, $"{path} answered {response?.Status}");
        await Expect(page.GetByTestId("page-sign-in")).ToBeVisibleAsync();
        var address = new Uri(page.Url);
        Assert.Equal("/sign-in", address.AbsolutePath);
        Assert.Equal(path, Uri.UnescapeDataString(System.Web.HttpUtility.ParseQueryString(address.Query)["returnUrl"] ?? ""));
        await Expect(page.GetByTestId("signed-in-user")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_csv_download_without_a_session_is_refused()
    {
        using var web = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = pulse.WebAddress };

        using var response = await web.GetAsync(new Uri("/report/overview.csv?days=7", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-in", response.Headers.Location?.AbsolutePath ?? new Uri(pulse.WebAddress, response.Headers.Location!).AbsolutePath);
        Assert.NotEqual("text/csv", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Signing_in_from_a_page_brings_the_analyst_back_to_it()
    {
        var page = await pulse.NewPageAsync(person: null);
        await page.GotoAsync(new Uri(pulse.WebAddress, "/posts?days=30").ToString());
        await Expect(page.GetByTestId("page-sign-in")).ToBeVisibleAsync();

        await PulseInBrowser.SignInAsync(page, PulseInBrowser.Analyst);

        await Expect(page).ToHaveURLAsync(new Uri(pulse.WebAddress, "/posts?days=30").ToString());
        await Expect(page.GetByTestId("top-post-row").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-handle")).ToHaveTextAsync(PulseInBrowser.Analyst.Handle);
        await Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync("analyst");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "pulse-session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.InRange(DateTimeOffset.FromUnixTimeSeconds((long)cookie.Expires), DateTimeOffset.UtcNow.AddHours(11), DateTimeOffset.UtcNow.AddHours(13));
        Assert.False(await page.EvaluateAsync<bool>("document.cookie.includes('pulse-session')"), "browser script can read the session cookie");
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_clear_message()
    {
        var page = await pulse.NewPageAsync(person: null);
        await page.GotoAsync(new Uri(pulse.WebAddress, "/sign-in").ToString());

        var response = await PulseInBrowser.SignInAsync(page, PulseInBrowser.Analyst with { Password = "not-the-password" });

        Assert.Equal(401, response.Status);
        await Expect(page.GetByTestId("sign-in-error")).ToHaveAttributeAsync("data-kind", "wrong-password");
        await Expect(page.GetByTestId("sign-in-error")).ToHaveTextAsync("Wrong handle or password.");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), cookie => cookie.Name == "pulse-session");
    }

    [Fact]
    public async Task A_member_is_refused_the_dashboard()
    {
        var page = await pulse.NewPageAsync(person: null);
        await page.GotoAsync(new Uri(pulse.WebAddress, "/").ToString());

        var response = await PulseInBrowser.SignInAsync(page, PulseInBrowser.Member);

        Assert.Equal(403, response.Status);
        await Expect(page.GetByTestId("sign-in-error")).ToHaveAttributeAsync("data-kind", "member");
        await Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync("this dashboard is for analysts and admins");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), cookie => cookie.Name == "pulse-session");
        await page.GotoAsync(new Uri(pulse.WebAddress, "/status").ToString());
        await Expect(page.GetByTestId("page-sign-in")).ToBeVisibleAsync();
        await PulseInBrowser.ScreenshotAsync(page, "sign-in-member-refused");
    }

    [Fact]
    public async Task An_analyst_has_no_replay_button_no_admin_links_and_a_403_on_the_admin_pages()
    {
        var page = await pulse.NewPageAsync(PulseInBrowser.Analyst);

        await page.GotoAsync(new Uri(pulse.WebAddress, "/pipeline").ToString());
        await Expect(page.GetByTestId("page-ready")).ToBeAttachedAsync();
        await Expect(page.GetByTestId("consumer-group-row").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("replay-dead-letters")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("nav-status")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("nav-audit")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("nav-privacy")).ToHaveCountAsync(0);

        var audit = await page.GotoAsync(new Uri(pulse.WebAddress, "/audit").ToString());

        Assert.Equal(403, audit?.Status);
        await Expect(page.GetByTestId("page-forbidden")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("access-denied")).ToContainTextAsync("This page is for admins.");
        await Expect(page.GetByTestId("audit-row")).ToHaveCountAsync(0);

        var privacy = await page.GotoAsync(new Uri(pulse.WebAddress, "/privacy").ToString());

        Assert.Equal(403, privacy?.Status);
        await Expect(page.GetByTestId("page-forbidden")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("access-denied")).ToContainTextAsync("This page is for admins.");
        await Expect(page.GetByTestId("erasure-form")).ToHaveCountAsync(0);
    }
}

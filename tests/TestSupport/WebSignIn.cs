using System.Net;
using System.Text.RegularExpressions;

namespace Pulse.TestSupport;

/// <summary>Signing in to the Web as a browser does: its sign-in form (with the antiforgery token), then a client holding the cookie.</summary>
public static partial class WebSignIn
{
    /// <summary>A client of the Web at <paramref name="web"/>, signed in as <paramref name="handle"/>; it fails the test when the Web refuses.</summary>
    public static async Task<HttpClient> SignInAsync(Uri web, string handle, string password, CancellationToken cancellationToken)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = web };
        var form = await client.GetStringAsync(new Uri("/sign-in", UriKind.Relative), cancellationToken);
        // The form's hidden fields (its name, the antiforgery token) go back as they came.
        var fields = HiddenInput().Matches(form).ToDictionary(match => WebUtility.HtmlDecode(match.Groups["name"].Value), match => WebUtility.HtmlDecode(match.Groups["value"].Value));
        fields["Form.Handle"] = handle;
        fields["Form.Password"] = password;
        using var response = await client.PostAsync(new Uri("/sign-in", UriKind.Relative), new FormUrlEncodedContent(fields), cancellationToken);
        Assert.True(response.IsSuccessStatusCode && response.RequestMessage?.RequestUri?.AbsolutePath != "/sign-in",
            $"Signing in to the Web as {handle} answered {(int)response.StatusCode} at {response.RequestMessage?.RequestUri}");
        return client;
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)"\s*/?>""")]
    private static partial Regex HiddenInput();
}

using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Pulse.Contracts.Security;

namespace Pulse.Web.Security;

/// <summary>
/// How the Web knows who is looking: a cookie holding the person's Api session, and two policies.
/// The Api decides what each call may do; these only keep the dashboard's pages to the people it is for.
/// </summary>
public static class WebAuth
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public const string CookieName = "pulse-session";

    /// <summary>The dashboard: a signed-in analyst or admin.</summary>
    public const string DashboardPolicy = "dashboard";

    /// <summary>Audit log and dead-letter replay: a signed-in admin.</summary>
    public const string AdminPolicy = "admin";

    public const string SignInPath = "/sign-in";
    public const string SignOutPath = "/sign-out";
    public const string ForbiddenPath = "/forbidden";
    public const string ReturnUrlParameter = "returnUrl";

    /// <summary>The sign-in page's note that the Api refused a session the Web still held.</summary>
    public const string SessionEndedParameter = "ended";

    /// <summary>
    /// The cookie: HttpOnly, SameSite=Lax, Secure over https, its lifetime the Api session's
    /// absolute end (set at sign-in); the Api slides the session, not the cookie.
    /// </summary>
    public static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.LoginPath = SignInPath;
        options.AccessDeniedPath = ForbiddenPath;
        options.ReturnUrlParameter = ReturnUrlParameter;
        options.SlidingExpiration = false;
        options.EventsType = typeof(SessionCookieEvents);
    }

    public static void AddPolicies(AuthorizationOptions options)
    {
        options.AddPolicy(DashboardPolicy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(SignedInUser.TokenClaim)
            .RequireRole(Roles.Analyst, Roles.Admin));
        options.AddPolicy(AdminPolicy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(SignedInUser.TokenClaim)
            .RequireRole(Roles.Admin));
    }

    /// <summary>
    /// <paramref name="url"/> when it stays on this site (a path such as <c>/posts?days=7</c>), else
    /// <c>/</c>: a link to the sign-in page must never send anyone elsewhere once signed in.
    /// </summary>
    public static string LocalUrl(string? url) =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl)
            ? url
            : "/";

    /// <summary>The sign-in page, to come back to <paramref name="returnUrl"/> (a local path) afterwards.</summary>
    public static string SignInUrl(string? returnUrl, bool sessionEnded = false)
    {
        var local = LocalUrl(returnUrl);
        var query = new List<string>();
        if (local != "/")
        {
            query.Add($"{ReturnUrlParameter}={Uri.EscapeDataString(local)}");
        }
        if (sessionEnded)
        {
            query.Add($"{SessionEndedParameter}=1");
        }
        return query.Count == 0 ? SignInPath : $"{SignInPath}?{string.Join('&', query)}";
    }
}

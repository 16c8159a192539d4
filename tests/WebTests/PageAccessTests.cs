using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Pulse.Web.Components.Pages;
using Pulse.Web.Security;

namespace Pulse.WebTests;

/// <summary>Every routed page of the Web and who may open it, as its attributes say: a new page must be added here with its audience.</summary>
public sealed class PageAccessTests
{
    private const string Anyone = "anyone";

    private static readonly Dictionary<string, string> Expected = new()
    {
        ["/"] = WebAuth.DashboardPolicy,
        ["/posts"] = WebAuth.DashboardPolicy,
        ["/posts/{Id:long}"] = WebAuth.DashboardPolicy,
        ["/growth"] = WebAuth.DashboardPolicy,
        ["/audience"] = WebAuth.DashboardPolicy,
        ["/report"] = WebAuth.DashboardPolicy,
        ["/pipeline"] = WebAuth.DashboardPolicy,
        ["/status"] = WebAuth.DashboardPolicy,
        ["/not-found"] = WebAuth.DashboardPolicy,
        ["/error"] = WebAuth.DashboardPolicy,
        ["/audit"] = WebAuth.AdminPolicy,
        ["/privacy"] = WebAuth.AdminPolicy,
        ["/sign-in"] = Anyone,
        ["/forbidden"] = Anyone,
    };

    [Fact]
    public void Each_page_is_for_whom_the_list_says()
    {
        var pages = typeof(Privacy).Assembly.GetTypes()
            .SelectMany(type => type.GetCustomAttributes<RouteAttribute>().Select(route => (route.Template, Type: type)))
            .ToDictionary(page => page.Template, page => Audience(page.Type));

        Assert.Equal(Expected.OrderBy(page => page.Key, StringComparer.Ordinal), pages.OrderBy(page => page.Key, StringComparer.Ordinal));
    }

    /// <summary>The narrowest policy a page asks for (admin is narrower than dashboard), or anyone.</summary>
    private static string Audience(Type page)
    {
        if (page.GetCustomAttributes<AllowAnonymousAttribute>().Any())
        {
            return Anyone;
        }
        var policies = page.GetCustomAttributes<AuthorizeAttribute>().Select(attribute => attribute.Policy).ToHashSet();
        return policies.Contains(WebAuth.AdminPolicy) ? WebAuth.AdminPolicy
            : policies.Contains(WebAuth.DashboardPolicy) ? WebAuth.DashboardPolicy
            : "unnamed";
    }
}

using Bunit;
using Microsoft.AspNetCore.Components;
using Pulse.Contracts.Status;
using Pulse.Web.Components.Pages;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>The status page: each store's state, already in the prerendered HTML.</summary>
public sealed class StatusPageTests : WebTestContext
{
    public StatusPageTests() =>
        Api.Returns("api/status", new SystemStatus(
            [new(StoreNames.PostgreSql, StoreState.Up, 1.24, null), new(StoreNames.Redis, StoreState.Up, 0.4, null), new(StoreNames.MongoDB, StoreState.Unavailable, null, "not configured")],
            Samples.Now));

    [Fact]
    public void Shows_each_store_with_its_state()
    {
        var page = Render<Status>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("Up", page.Find("tr[data-store=postgresql] .state").TextContent);
        Assert.Equal("1.2 ms", page.Find("tr[data-store=postgresql] td:nth-child(3)").TextContent);
        Assert.Equal("Unavailable", page.Find("tr[data-store=mongodb]").GetAttribute("data-state"));
        Assert.Contains("Some stores are down or unavailable.", page.Find("[data-testid=status-summary]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Checked at 2026-11-25 12:00:00Z", page.Find("[data-testid=status-summary]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Loads_while_prerendering_too()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var page = Render<Status>();

        page.WaitForElement("tr[data-store=redis]");
    }
}

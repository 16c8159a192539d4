using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Pulse.Contracts.Pipeline;
using Pulse.Web.Components.Pages;
using Pulse.Web.Components.Pipeline;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>The pipeline page and its replay button: admins only; confirm, then POST, then say what happened.</summary>
public sealed class PipelineTests : WebTestContext
{
    public PipelineTests() => SignIn(TestPeople.Admin);

    private static RenderFragment WithProviders(long count, Action<DeadLettersReplayed>? replayed = null) => outer =>
    {
        // As in the app: the authentication state cascades from the root.
        outer.OpenComponent<Microsoft.AspNetCore.Components.Authorization.CascadingAuthenticationState>(0);
        outer.AddAttribute(1, "ChildContent", (RenderFragment)(builder => Providers(builder, count, replayed)));
        outer.CloseComponent();
    };

    private static void Providers(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder, long count, Action<DeadLettersReplayed>? replayed)
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(2);
        builder.CloseComponent();
        builder.OpenComponent<ReplayDeadLettersButton>(3);
        builder.AddAttribute(4, nameof(ReplayDeadLettersButton.Count), count);
        builder.AddAttribute(5, nameof(ReplayDeadLettersButton.Replayed), EventCallback.Factory.Create<DeadLettersReplayed>(new object(), value => replayed?.Invoke(value)));
        builder.CloseComponent();
    }

    [Fact]
    public void The_replay_button_asks_first_then_posts_to_the_api_and_says_what_happened()
    {
        Api.Returns("api/admin/dead-letters/replay", new DeadLettersReplayed(3, 0), HttpMethod.Post);
        DeadLettersReplayed? raised = null;
        var view = Render(WithProviders(3, value => raised = value));

        view.Find("[data-testid=replay-dead-letters]").Click();
        var confirm = view.WaitForElement(".mud-dialog");
        Assert.Contains("Put 3 dead letters back on the event stream", confirm.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, Api.CountOf("api/admin/dead-letters/replay", HttpMethod.Post));
        view.FindAll(".mud-dialog button").Single(button => button.TextContent.Contains("Replay", StringComparison.Ordinal)).Click();

        view.WaitForAssertion(() => Assert.Equal(1, Api.CountOf("api/admin/dead-letters/replay", HttpMethod.Post)));
        view.WaitForAssertion(() => Assert.Contains("Replayed 3 dead letters; 0 remain.", view.Markup, StringComparison.Ordinal));
        Assert.Equal(3, raised?.Replayed);
    }

    [Fact]
    public void Cancelling_the_confirmation_replays_nothing()
    {
        var view = Render(WithProviders(2));

        view.Find("[data-testid=replay-dead-letters]").Click();
        view.WaitForElement(".mud-dialog");
        view.FindAll(".mud-dialog button").Single(button => button.TextContent.Contains("Cancel", StringComparison.Ordinal)).Click();

        view.WaitForAssertion(() => Assert.Empty(view.FindAll(".mud-dialog")));
        Assert.Empty(Api.Requests);
    }

    [Fact]
    public void A_refused_replay_is_reported_in_the_snackbar()
    {
        Api.Fails("api/admin/dead-letters/replay", HttpStatusCode.ServiceUnavailable, "Redis is unavailable", method: HttpMethod.Post);
        var view = Render(WithProviders(1));

        view.Find("[data-testid=replay-dead-letters]").Click();
        view.WaitForElement(".mud-dialog");
        view.FindAll(".mud-dialog button").Single(button => button.TextContent.Contains("Replay", StringComparison.Ordinal)).Click();

        view.WaitForAssertion(() => Assert.Contains("The replay failed: Redis is unavailable", view.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void An_analyst_sees_the_dead_letters_but_no_replay_button()
    {
        SignIn(TestPeople.Analyst);
        Api.Returns("api/admin/pipeline", Samples.Pipeline(deadLetters: 3));
        Api.Returns("api/realtime/activity", Samples.Activity());
        Api.Returns("api/admin/dead-letters", Samples.DeadLetters(3));

        var page = Render<Pipeline>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal(3, page.FindAll("[data-testid=dead-letter-row]").Count);
        Assert.Empty(page.FindAll("[data-testid=replay-dead-letters]"));
    }

    [Fact]
    public void An_admin_sees_the_replay_button()
    {
        Api.Returns("api/admin/pipeline", Samples.Pipeline(deadLetters: 3));
        Api.Returns("api/realtime/activity", Samples.Activity());
        Api.Returns("api/admin/dead-letters", Samples.DeadLetters(3));

        var page = Render<Pipeline>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.False(page.Find("[data-testid=replay-dead-letters]").HasAttribute("disabled"));
    }

    [Fact]
    public void A_replay_the_api_refuses_with_403_says_so()
    {
        Api.Fails("api/admin/dead-letters/replay", HttpStatusCode.Forbidden, "Forbidden", method: HttpMethod.Post);
        var view = Render(WithProviders(2));

        view.Find("[data-testid=replay-dead-letters]").Click();
        view.WaitForElement(".mud-dialog");
        view.FindAll(".mud-dialog button").Single(button => button.TextContent.Contains("Replay", StringComparison.Ordinal)).Click();

        view.WaitForAssertion(() => Assert.Contains("The Api refused the replay (403): only admins may replay dead letters.", view.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void The_replay_button_is_disabled_without_dead_letters()
    {
        var view = Render(WithProviders(0));

        Assert.True(view.Find("[data-testid=replay-dead-letters]").HasAttribute("disabled"));
    }

    [Fact]
    public void The_page_shows_each_group_the_throughput_and_the_dead_letters()
    {
        Api.Returns("api/admin/pipeline", Samples.Pipeline(deadLetters: 3));
        Api.Returns("api/realtime/activity", Samples.Activity());
        Api.Returns("api/admin/dead-letters", Samples.DeadLetters(3));

        var page = Render<Pipeline>();

        page.WaitForElement("[data-testid=page-ready]");
        var groups = page.FindAll("[data-testid=consumer-group-row]");
        Assert.Equal(["eventlog", "aggregates"], groups.Select(row => row.GetAttribute("data-group")));
        Assert.Equal("12", groups[0].QuerySelector("[data-testid=group-lag]")!.TextContent);
        Assert.Equal("2", groups[0].QuerySelector("[data-testid=group-consumers]")!.TextContent);
        Assert.Equal("250", page.Find("[data-testid=pipeline-stream-length-value]").TextContent);
        Assert.Equal(3, page.FindAll("[data-testid=dead-letter-row]").Count);
        Assert.NotNull(page.Find("[data-testid=pipeline-throughput-chart]"));
        Assert.Equal("?limit=100", Api.Requests.Single(request => request.Path == "api/admin/dead-letters").Query);
    }

    [Fact]
    public void The_page_shows_each_group_s_state_who_decided_it_and_which_group_holds_the_stream_back()
    {
        Api.Returns("api/admin/pipeline", Samples.Pipeline(deadLetters: 0));
        Api.Returns("api/realtime/activity", Samples.Activity());
        Api.Returns("api/admin/dead-letters", Samples.DeadLetters(0));

        var page = Render<Pipeline>();

        page.WaitForElement("[data-testid=page-ready]");
        var groups = page.FindAll("[data-testid=consumer-group-row]");
        Assert.Equal(["paused", "running"], groups.Select(row => row.GetAttribute("data-state")));
        Assert.Equal("paused", groups[0].QuerySelector("[data-testid=group-state]")!.TextContent.Trim());
        Assert.Contains("by user:1:admin", groups[0].QuerySelector("[data-testid=group-decision]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("MongoDB maintenance", groups[0].QuerySelector("[data-testid=group-decision]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("holds the stream back", groups[0].QuerySelector("[data-testid=group-holds-back]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(groups[1].QuerySelector("[data-testid=group-holds-back]"));
        Assert.Null(groups[1].QuerySelector("[data-testid=group-decision]"));
    }

    [Fact]
    public void The_page_says_when_there_are_no_dead_letters()
    {
        Api.Returns("api/admin/pipeline", Samples.Pipeline(deadLetters: 0));
        Api.Returns("api/realtime/activity", Samples.Activity());
        Api.Returns("api/admin/dead-letters", Samples.DeadLetters(0));

        var page = Render<Pipeline>();

        page.WaitForElement("[data-testid=dead-letters-empty]");
        Assert.True(page.Find("[data-testid=replay-dead-letters]").HasAttribute("disabled"));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pulse.Contracts.Privacy;
using Pulse.Web.Components.Layout;
using Pulse.Web.Components.Pages;
using Pulse.Web.Security;
using Pulse.Web.Services.Live;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>
/// The privacy page: admins only; an erasure is sent only with a valid id, a mode and the id typed
/// again; the Api's answer (the job, or its problem) is shown; the jobs table shows each job's
/// progress and receipt, and re-reads them while one is unfinished, and not after.
/// </summary>
public sealed class PrivacyPageTests : WebTestContext
{
    private const string Jobs = "api/erasures";

    /// <summary>The page's polls run on this clock, so a test can tell that none is left once every job is done.</summary>
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);

    public PrivacyPageTests() => SignIn(TestPeople.Admin);

    protected override TimeProvider Clock => time;

    private static ErasureJobResponse Job(
        long id, long userId, string state = ErasureStates.Completed, string mode = ErasureModes.Erase, string? step = null, string? waiting = null,
        string? lastError = null, int attempts = 1, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>? receipt = null) =>
        new(id, userId, mode, state, step, waiting, "user:1:admin", Samples.Now.AddMinutes(-5), Samples.Now.AddMinutes(-4),
            state == ErasureStates.Completed ? Samples.Now : null, attempts, lastError, receipt ?? new Dictionary<string, IReadOnlyDictionary<string, long>>());

    private IRenderedComponent<Privacy> RenderPage(params ErasureJobResponse[] jobs)
    {
        Api.Returns<IReadOnlyList<ErasureJobResponse>>(Jobs, jobs);
        var page = Render<Privacy>();
        page.WaitForElement("[data-testid=page-ready]");
        return page;
    }

    private static IElement Input(IRenderedComponent<Privacy> page, string testId)
    {
        var element = page.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    private static void ChooseMode(IRenderedComponent<Privacy> page, string mode) =>
        page.Find($"[data-testid=erasure-mode-{mode}] input").Change(true);

    private static void Continue(IRenderedComponent<Privacy> page) => page.Find("[data-testid=erasure-continue]").Click();

    private static void StartFor(IRenderedComponent<Privacy> page, string userId, string mode)
    {
        Input(page, "erasure-user-id").Change(userId);
        ChooseMode(page, mode);
        Continue(page);
    }

    private static void Confirm(IRenderedComponent<Privacy> page, string userId)
    {
        Input(page, "erasure-confirm-user-id").Input(userId);
        page.Find("[data-testid=erasure-submit]").Click();
    }

    private int Posts(long userId) => Api.CountOf($"api/users/{userId}/erasure", HttpMethod.Post);

    [Fact]
    public void The_page_and_its_nav_link_are_for_admins_only()
    {
        Assert.Contains(typeof(Privacy).GetCustomAttributes(typeof(AuthorizeAttribute), inherit: true).Cast<AuthorizeAttribute>(),
            attribute => attribute.Policy == WebAuth.AdminPolicy);

        Assert.Single(Render<NavMenu>().FindAll("[data-testid=nav-privacy]"));
        SignIn(TestPeople.Analyst);
        Assert.Empty(Render<NavMenu>().FindAll("[data-testid=nav-privacy]"));
    }

    [Fact]
    public void Without_an_id_or_a_mode_it_says_so_and_sends_nothing()
    {
        var page = RenderPage();

        Continue(page);

        Assert.Contains("Enter the user id.", page.Markup, StringComparison.Ordinal);
        Assert.Equal("Choose erase or anonymise.", page.Find("[data-testid=erasure-mode-error]").TextContent);
        Assert.Equal("Editing", page.Find("[data-testid=erasure-form]").GetAttribute("data-step"));
        Assert.Empty(page.FindAll("[data-testid=erasure-submit]"));
        Assert.DoesNotContain(Api.Requests, request => request.Method == HttpMethod.Post);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("4.5")]
    [InlineData("99999999999999999999")]
    public void A_bad_id_is_refused_before_anything_is_sent(string userId)
    {
        var page = RenderPage();

        StartFor(page, userId, ErasureModes.Erase);

        Assert.Contains("A user id is a whole number from 1 up.", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=erasure-confirmation]"));
        Assert.DoesNotContain(Api.Requests, request => request.Method == HttpMethod.Post);
    }

    [Fact]
    public void Each_mode_says_what_it_keeps_and_what_it_removes()
    {
        var page = RenderPage();

        Assert.Contains("anonymous counts", page.Find($"[data-testid=erasure-mode-{ErasureModes.Erase}]").TextContent, StringComparison.Ordinal);
        Assert.Contains("pseudonym", page.Find($"[data-testid=erasure-mode-{ErasureModes.Anonymise}]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_sent_until_the_id_is_typed_again_exactly()
    {
        var page = RenderPage();
        StartFor(page, "42", ErasureModes.Erase);

        Assert.Contains("This cannot be undone.", page.Find("[data-testid=erasure-confirmation]").TextContent, StringComparison.Ordinal);
        Assert.True(page.Find("[data-testid=erasure-submit]").HasAttribute("disabled"));
        Input(page, "erasure-confirm-user-id").Input("24");
        Assert.True(page.Find("[data-testid=erasure-submit]").HasAttribute("disabled"));
        page.Find("[data-testid=erasure-submit]").Click();

        Assert.Equal(0, Posts(42));
        page.Find("[data-testid=erasure-back]").Click();
        Assert.Equal("Editing", page.Find("[data-testid=erasure-form]").GetAttribute("data-step"));
        Assert.Equal(0, Posts(42));
    }

    [Fact]
    public void A_202_shows_the_job_sent_with_the_chosen_mode_and_reloads_the_jobs()
    {
        string? body = null;
        Api.Route("api/users/42/erasure", HttpMethod.Post, request =>
        {
            body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
            return new HttpResponseMessage(HttpStatusCode.Accepted)
            {
                Content = JsonContent.Create(Job(9, 42, ErasureStates.Pending, ErasureModes.Anonymise), options: new JsonSerializerOptions(JsonSerializerDefaults.Web)),
            };
        });
        var page = RenderPage();
        var readsBefore = Api.CountOf(Jobs);

        StartFor(page, " 42 ", ErasureModes.Anonymise);
        Confirm(page, "42");

        page.WaitForAssertion(() => Assert.Equal("9", page.Find("[data-testid=erasure-created]").GetAttribute("data-job-id")));
        Assert.Contains("Job 9 will anonymise user 42; it is pending.", page.Find("[data-testid=erasure-created]").TextContent, StringComparison.Ordinal);
        Assert.Equal(1, Posts(42));
        using (var sent = JsonDocument.Parse(body!))
        {
            Assert.Equal(ErasureModes.Anonymise, sent.RootElement.GetProperty("mode").GetString());
        }
        Assert.Equal("Bearer " + TestPeople.Admin.Token, Api.Requests.Single(request => request.Method == HttpMethod.Post).Headers["Authorization"]);
        page.WaitForAssertion(() => Assert.True(Api.CountOf(Jobs) > readsBefore));
    }

    [Fact]
    public void A_409_shows_the_problem_and_links_to_the_job_in_the_way()
    {
        Api.Fails("api/users/42/erasure", HttpStatusCode.Conflict, "An erasure is already running for this user",
            "Job 7 (erase) is running; read it at /api/erasures/7.", HttpMethod.Post, extensions: new Dictionary<string, object?> { ["jobId"] = 7 });
        var page = RenderPage();

        StartFor(page, "42", ErasureModes.Erase);
        Confirm(page, "42");

        var problem = page.WaitForElement("[data-testid=erasure-problem]");
        Assert.Equal("409", problem.GetAttribute("data-status"));
        Assert.Equal("An erasure is already running for this user", page.Find("[data-testid=erasure-problem-title]").TextContent);
        Assert.Equal("Job 7 (erase) is running; read it at /api/erasures/7.", page.Find("[data-testid=erasure-problem-detail]").TextContent);
        var link = page.Find("[data-testid=erasure-problem-job]");
        Assert.Equal("7", link.GetAttribute("data-job-id"));
        Assert.Equal("privacy?job=7", link.GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=erasure-created]"));
    }

    [Fact]
    public void A_404_shows_the_problem_without_a_job_link()
    {
        Api.Fails("api/users/404/erasure", HttpStatusCode.NotFound, "No such user", "There is no user 404, and none was erased.", HttpMethod.Post);
        var page = RenderPage();

        StartFor(page, "404", ErasureModes.Erase);
        Confirm(page, "404");

        var problem = page.WaitForElement("[data-testid=erasure-problem]");
        Assert.Equal("NotFound", problem.GetAttribute("data-kind"));
        Assert.Equal("No such user", page.Find("[data-testid=erasure-problem-title]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=erasure-problem-job]"));
    }

    [Fact]
    public void A_400_shows_the_field_the_api_refused()
    {
        Api.Fails("api/users/5/erasure", HttpStatusCode.BadRequest, "One or more validation errors occurred.", method: HttpMethod.Post,
            errors: new Dictionary<string, string[]> { ["mode"] = ["Use one of: erase, anonymise."] });
        var page = RenderPage();

        StartFor(page, "5", ErasureModes.Erase);
        Confirm(page, "5");

        var problem = page.WaitForElement("[data-testid=erasure-problem]");
        Assert.Equal("Invalid", problem.GetAttribute("data-kind"));
        Assert.Contains("Use one of: erase, anonymise.", problem.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_shows_each_job_s_step_what_it_waits_for_its_last_error_and_its_receipt()
    {
        var page = RenderPage(
            Job(3, 42, ErasureStates.Running, step: "eventlog", waiting: "consumer group eventlog to pass 1700000000000-0",
                lastError: "MongoDB timed out", attempts: 2,
                receipt: new Dictionary<string, IReadOnlyDictionary<string, long>> { [ErasureStores.Stream] = new Dictionary<string, long> { ["entries"] = 4 } }),
            Job(2, 17, receipt: new Dictionary<string, IReadOnlyDictionary<string, long>>
            {
                [ErasureStores.PostgreSql] = new Dictionary<string, long> { ["users"] = 1, ["posts"] = 12 },
                [ErasureStores.MongoDb] = new Dictionary<string, long> { ["events"] = 1_250 },
            }));

        var rows = page.FindAll("[data-testid=erasure-job-row]");
        Assert.Equal(["3", "2"], rows.Select(row => row.GetAttribute("data-job-id")));
        Assert.Equal("eventlog", rows[0].QuerySelector("[data-testid=erasure-job-step]")!.TextContent);
        Assert.Equal("waits for consumer group eventlog to pass 1700000000000-0", rows[0].QuerySelector("[data-testid=erasure-job-waiting]")!.TextContent);
        Assert.Equal("MongoDB timed out", rows[0].QuerySelector("[data-testid=erasure-job-last-error]")!.TextContent);
        Assert.Equal("done", rows[1].QuerySelector("[data-testid=erasure-job-step]")!.TextContent);
        Assert.Null(rows[1].QuerySelector("[data-testid=erasure-job-last-error]"));

        var receipt = page.Find("[data-testid=erasure-receipt-row][data-job-id='2']");
        var lines = receipt.QuerySelectorAll("[data-testid=erasure-receipt-line]");
        Assert.Equal(["mongodb/events", "postgresql/posts", "postgresql/users"], lines.Select(line => $"{line.GetAttribute("data-store")}/{line.GetAttribute("data-what")}"));
        Assert.Equal(["1,250", "12", "1"], lines.Select(line => line.QuerySelector("[data-testid=erasure-receipt-count]")!.TextContent));
        Assert.Single(page.Find("[data-testid=erasure-receipt-row][data-job-id='3']").QuerySelectorAll("[data-testid=erasure-receipt-line]"));
    }

    [Fact]
    public void The_jobs_are_read_again_while_one_is_unfinished_and_no_more_once_all_are_done()
    {
        var interval = Services.GetRequiredService<IOptions<LiveUpdateOptions>>().Value.ErasureRefreshInterval;
        var reads = 0;
        Api.Returns<IReadOnlyList<ErasureJobResponse>>(Jobs, () =>
            Interlocked.Increment(ref reads) < 3 ? [Job(3, 42, ErasureStates.Running, step: "stream")] : [Job(3, 42)]);

        var page = Render<Privacy>();
        page.WaitForAssertion(() => Assert.Equal(1, Api.CountOf(Jobs)));
        time.Advance(interval);
        page.WaitForAssertion(() => Assert.Equal(2, Api.CountOf(Jobs)));
        time.Advance(interval);

        page.WaitForAssertion(() => Assert.Equal(ErasureStates.Completed, page.Find("[data-testid=erasure-job-row]").GetAttribute("data-state")));
        Assert.Empty(page.FindAll("[data-testid=erasure-jobs-live]"));
        Assert.Equal(3, Api.CountOf(Jobs));
        // Every job done: no timer is left to fire, however long the page stays open.
        time.Advance(interval * 50);
        Assert.Equal(3, Api.CountOf(Jobs));
    }

    [Fact]
    public void A_job_named_in_the_address_is_shown_on_its_own_with_its_receipt_open()
    {
        Api.Returns(Jobs + "/7", Job(7, 42, receipt: new Dictionary<string, IReadOnlyDictionary<string, long>>
        {
            [ErasureStores.Redis] = new Dictionary<string, long> { ["sessions"] = 2 },
        }));
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("privacy?job=7");

        var page = RenderPage();

        var section = page.Find("[data-testid=erasure-job-section]");
        Assert.Equal("7", section.QuerySelector("[data-testid=erasure-job-row]")!.GetAttribute("data-job-id"));
        Assert.NotNull(section.QuerySelector("details[open] [data-testid=erasure-receipt-line][data-store=redis]"));
        Assert.Equal(1, Api.CountOf(Jobs + "/7"));
    }
}

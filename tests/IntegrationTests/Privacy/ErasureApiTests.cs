using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts.Privacy;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Privacy;

/// <summary>
/// Asking for an erasure on a real Api over PostgreSQL and Redis: who may ask for whom, the job it
/// records, the conflicts it refuses and the audit entry it leaves. Running the job is the Ingestor's
/// (see the end-to-end tests).
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class ErasureApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Password = "password1";
    private readonly ApiServer api = new(postgres);

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("delete")]
    [InlineData("anonymize")]
    public async Task A_mode_that_is_neither_erase_nor_anonymise_is_a_validation_problem(string? mode)
    {
        var user = await CreateUserAsync("ada");

        using var response = await api.Client.PostAsJsonAsync(ErasurePath(user.Id), new ErasureRequest(mode, null), Cancellation);

        Assert.Equal(["Use one of: erase, anonymise."], await response.AssertInvalidFieldAsync("mode"));
        Assert.Equal(0, await api.CountAsync("erasure_jobs"));
    }

    [Fact]
    public async Task A_member_may_not_ask_for_someone_else_even_with_their_own_password()
    {
        var ada = await CreateUserAsync("ada");
        await CreateUserAsync("bob");
        using var asBob = await SignedInAsync("bob");

        using var response = await asBob.PostAsJsonAsync(ErasurePath(ada.Id), new ErasureRequest(ErasureModes.Erase, Password), Cancellation);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Only for yourself", problem.GetProperty("title").GetString());
        Assert.Equal(0, await api.CountAsync("erasure_jobs"));
    }

    [Fact]
    public async Task A_member_asking_for_themselves_must_enter_their_password_again()
    {
        var ada = await CreateUserAsync("ada");
        using var asAda = await SignedInAsync("ada");

        using var without = await asAda.PostAsJsonAsync(ErasurePath(ada.Id), new ErasureRequest(ErasureModes.Erase, null), Cancellation);
        using var wrong = await asAda.PostAsJsonAsync(ErasurePath(ada.Id), new ErasureRequest(ErasureModes.Erase, "password2"), Cancellation);

        Assert.Equal("Wrong password", (await without.AssertProblemAsync(HttpStatusCode.Forbidden)).GetProperty("title").GetString());
        Assert.Equal("Wrong password", (await wrong.AssertProblemAsync(HttpStatusCode.Forbidden)).GetProperty("title").GetString());
        Assert.Equal(0, await api.CountAsync("erasure_jobs"));
    }

    [Fact]
    public async Task A_member_with_their_password_gets_a_pending_job_to_follow_and_nobody_gets_a_second_while_it_is_unfinished()
    {
        var ada = await CreateUserAsync("ada");
        using var asAda = await SignedInAsync("ada");

        using var accepted = await asAda.PostAsJsonAsync(ErasurePath(ada.Id), new ErasureRequest(" Anonymise ", Password), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = (await accepted.Content.ReadFromJsonAsync<ErasureJobResponse>(Cancellation))!;
        Assert.Equal($"/api/erasures/{job.Id}", accepted.Headers.Location?.OriginalString);
        Assert.Equal((ada.Id, ErasureModes.Anonymise, ErasureStates.Pending, $"user:{ada.Id} (self)"), (job.UserId, job.Mode, job.State, job.RequestedBy));
        Assert.Equal((null, null, null, 0), (job.StartedAt, job.FinishedAt, job.Step, job.Attempts));
        Assert.Empty(job.Receipt);

        using var again = await asAda.PostAsJsonAsync(ErasurePath(ada.Id), new ErasureRequest(ErasureModes.Anonymise, Password), Cancellation);
        using var byAdmin = await api.Client.PostAsJsonAsync(ErasurePath(ada.Id), new ErasureRequest(ErasureModes.Erase, null), Cancellation);

        foreach (var conflict in new[] { again, byAdmin })
        {
            var problem = await conflict.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal(job.Id, problem.GetProperty("jobId").GetInt64());
        }
        Assert.Equal(1, await api.CountAsync("erasure_jobs"));
    }

    [Fact]
    public async Task An_admin_asks_for_anyone_without_a_password_and_an_unknown_user_is_not_found()
    {
        var ada = await CreateUserAsync("ada");

        using var accepted = await api.Client.PostAsJsonAsync(ErasurePath(ada.Id), new ErasureRequest(ErasureModes.Erase, null), Cancellation);
        using var unknown = await api.Client.PostAsJsonAsync(ErasurePath(999_999), new ErasureRequest(ErasureModes.Erase, null), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = (await accepted.Content.ReadFromJsonAsync<ErasureJobResponse>(Cancellation))!;
        Assert.Equal((ada.Id, ErasureModes.Erase, ErasureStates.Pending, "key:1:bootstrap"), (job.UserId, job.Mode, job.State, job.RequestedBy));
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, await api.CountAsync("erasure_jobs"));
    }

    [Fact]
    public async Task An_admin_reads_a_job_by_its_id_and_the_list_newest_first()
    {
        var ada = await CreateUserAsync("ada");
        var bob = await CreateUserAsync("bob");
        var first = await api.PostAsync<ErasureJobResponse>(ErasurePath(ada.Id), new ErasureRequest(ErasureModes.Erase, null));
        var second = await api.PostAsync<ErasureJobResponse>(ErasurePath(bob.Id), new ErasureRequest(ErasureModes.Anonymise, null));

        var read = await api.Client.GetFromJsonAsync<ErasureJobResponse>($"/api/erasures/{first.Id}", Cancellation);
        var list = await api.Client.GetFromJsonAsync<ErasureJobResponse[]>("/api/erasures", Cancellation);
        var limited = await api.Client.GetFromJsonAsync<ErasureJobResponse[]>("/api/erasures?limit=1", Cancellation);
        using var unknown = await api.Client.GetAsync($"/api/erasures/{second.Id + 1}", Cancellation);
        using var badLimit = await api.Client.GetAsync("/api/erasures?limit=0", Cancellation);

        Assert.Equal((first.Id, ada.Id, ErasureModes.Erase, ErasureStates.Pending, "key:1:bootstrap"), (read!.Id, read.UserId, read.Mode, read.State, read.RequestedBy));
        // PostgreSQL keeps microseconds; the answer to the request had the clock's ticks.
        Assert.Equal(first.RequestedAt, read.RequestedAt, TimeSpan.FromMilliseconds(1));
        Assert.Empty(read.Receipt);
        Assert.Equal([second.Id, first.Id], list!.Select(job => job.Id));
        Assert.Equal([second.Id], limited!.Select(job => job.Id));
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        await badLimit.AssertInvalidFieldAsync("limit");
    }

    [Fact]
    public async Task The_request_is_audited_by_user_id_and_mode_and_never_by_the_persons_handle()
    {
        var ada = await CreateUserAsync("ada_lovelace");
        using var asAda = await SignedInAsync("ada_lovelace");
        var bob = await CreateUserAsync("bob_the_builder");

        using (var own = await asAda.PostAsJsonAsync(ErasurePath(ada.Id), new ErasureRequest(ErasureModes.Erase, Password), Cancellation))
        {
            Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        }
        await api.PostAsync<ErasureJobResponse>(ErasurePath(bob.Id), new ErasureRequest(ErasureModes.Anonymise, null));

        var page = await api.Client.GetFromJsonAsync<AuditPage>("/api/admin/audit", Cancellation);

        var requested = page!.Entries.Where(entry => entry.Action == AuditActions.ErasureRequested).ToList();
        Assert.Equal(
            [($"user:{bob.Id}", ErasureModes.Anonymise), ($"user:{ada.Id}", ErasureModes.Erase)],
            requested.Select(entry => (entry.Target!, entry.Detail!)));
        Assert.Equal(("key:1:bootstrap", $"user:{ada.Id} (self)"), (requested[0].Actor, requested[1].Actor));
        Assert.All(requested, entry => Assert.DoesNotContain("ada_lovelace", $"{entry.Actor} {entry.Target} {entry.Detail}", StringComparison.Ordinal));
        Assert.All(requested, entry => Assert.DoesNotContain("bob_the_builder", $"{entry.Actor} {entry.Target} {entry.Detail}", StringComparison.Ordinal));
    }

    private static string ErasurePath(long userId) => $"/api/users/{userId}/erasure";

    private Task<UserResponse> CreateUserAsync(string handle) =>
        api.PostAsync<UserResponse>("/api/users", new CreateUserRequest(handle, handle, $"{handle}@example.com", "US", Password));

    private async Task<HttpClient> SignedInAsync(string handle)
    {
        using var anonymous = api.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/sessions", new CreateSessionRequest(handle, Password), Cancellation);
        response.EnsureSuccessStatusCode();
        return api.CreateClient(bearer: (await response.Content.ReadFromJsonAsync<SessionCreated>(Cancellation))!.Token);
    }
}

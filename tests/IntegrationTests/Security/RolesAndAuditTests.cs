using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Pulse.Contracts;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Security;

/// <summary>Roles change through the Api, take effect at once, and every admin action is recorded once in an append-only log.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class RolesAndAuditTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Password = "password1";
    private readonly ApiServer api = new(postgres);

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_member_made_analyst_is_signed_out_at_once_and_reads_analytics_after_signing_in_again()
    {
        var user = await CreateUserAsync("grace");
        var before = await SignInAsync("grace");
        using var asMember = api.CreateClient(bearer: before.Token);
        using var refused = await asMember.GetAsync("/api/analytics/users/most-followed", Cancellation);
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden);

        using var changed = await api.Client.PutAsJsonAsync($"/api/admin/users/{user.Id}/role", new ChangeRoleRequest("Analyst"), Cancellation);
        using var oldSession = await asMember.GetAsync("/api/sessions/current", Cancellation);
        var after = await SignInAsync("grace");
        using var asAnalyst = api.CreateClient(bearer: after.Token);
        using var read = await asAnalyst.GetAsync("/api/analytics/users/most-followed", Cancellation);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(new UserRoleResponse(user.Id, "grace", Roles.Analyst), await changed.Content.ReadFromJsonAsync<UserRoleResponse>(Cancellation));
        Assert.Equal((Roles.Member, Roles.Analyst), (before.Role, after.Role));
        await oldSession.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var privileged = await api.Client.GetFromJsonAsync<UserRoleResponse[]>("/api/admin/users", Cancellation);
        Assert.Equal([new UserRoleResponse(user.Id, "grace", Roles.Analyst)], privileged!);
    }

    [Fact]
    public async Task Role_changes_refuse_unknown_roles_unknown_users_and_an_admin_changing_their_own()
    {
        var admin = await CreateUserAsync("root_admin");
        using (var promoted = await api.Client.PutAsJsonAsync($"/api/admin/users/{admin.Id}/role", new ChangeRoleRequest(Roles.Admin), Cancellation))
        {
            promoted.EnsureSuccessStatusCode();
        }
        using var asAdmin = api.CreateClient(bearer: (await SignInAsync("root_admin")).Token);

        using var unknownRole = await api.Client.PutAsJsonAsync($"/api/admin/users/{admin.Id}/role", new ChangeRoleRequest("owner"), Cancellation);
        using var unknownUser = await api.Client.PutAsJsonAsync("/api/admin/users/999999/role", new ChangeRoleRequest(Roles.Analyst), Cancellation);
        using var own = await asAdmin.PutAsJsonAsync($"/api/admin/users/{admin.Id}/role", new ChangeRoleRequest(Roles.Member), Cancellation);

        await unknownRole.AssertInvalidFieldAsync("role");
        await unknownUser.AssertProblemAsync(HttpStatusCode.NotFound);
        await own.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(Roles.Admin, await ScalarAsync<string>($"select role from users where id = {admin.Id}"));
    }

    [Fact]
    public async Task Each_admin_action_is_recorded_once_with_its_actor_newest_first()
    {
        var member = await CreateUserAsync("ada");
        var admin = await CreateUserAsync("boss");
        await api.ExecuteAsync($"update users set role = 'admin' where id = {admin.Id}");
        using var asAdmin = api.CreateClient(bearer: (await SignInAsync("boss")).Token);

        var key = await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("collector", "ingest"));
        using (var revoked = await asAdmin.DeleteAsync($"/api/keys/{key.Id}", Cancellation))
        {
            revoked.EnsureSuccessStatusCode();
        }
        using (var changed = await asAdmin.PutAsJsonAsync($"/api/admin/users/{member.Id}/role", new ChangeRoleRequest(Roles.Analyst), Cancellation))
        {
            changed.EnsureSuccessStatusCode();
        }
        // Giving the role a user already has changes nothing, so records nothing.
        using (var unchanged = await asAdmin.PutAsJsonAsync($"/api/admin/users/{member.Id}/role", new ChangeRoleRequest(Roles.Analyst), Cancellation))
        {
            unchanged.EnsureSuccessStatusCode();
        }
        using (var replayed = await api.Client.PostAsync("/api/admin/dead-letters/replay", null, Cancellation))
        {
            replayed.EnsureSuccessStatusCode();
        }

        var page = await asAdmin.GetFromJsonAsync<AuditPage>("/api/admin/audit", Cancellation);

        Assert.Equal(
            [
                (AuditActions.DeadLettersReplayed, "key:1:bootstrap", EventStreamNames.Key),
                (AuditActions.RoleChanged, $"user:{admin.Id}:boss", $"user:{member.Id}:ada"),
                (AuditActions.KeyRevoked, $"user:{admin.Id}:boss", $"key:{key.Id}:collector"),
                (AuditActions.KeyCreated, "key:1:bootstrap", "key:collector"),
            ],
            page!.Entries.Select(entry => (entry.Action, entry.Actor, entry.Target!)));
        Assert.Equal("member -> analyst", page.Entries[1].Detail);
        Assert.All(page.Entries, entry => Assert.Equal("127.0.0.1", entry.Source));
        Assert.Null(page.NextBefore);
    }

    [Fact]
    public async Task The_audit_log_pages_newest_first()
    {
        for (var i = 0; i < 5; i++)
        {
            await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest($"key{i}", "read"));
        }

        var first = await api.Client.GetFromJsonAsync<AuditPage>("/api/admin/audit?limit=2", Cancellation);
        var second = await api.Client.GetFromJsonAsync<AuditPage>($"/api/admin/audit?limit=2&before={first!.NextBefore}", Cancellation);
        var last = await api.Client.GetFromJsonAsync<AuditPage>($"/api/admin/audit?limit=2&before={second!.NextBefore}", Cancellation);

        Assert.Equal(["key:key4", "key:key3", "key:key2", "key:key1", "key:key0"],
            first.Entries.Concat(second.Entries).Concat(last!.Entries).Select(entry => entry.Target));
        Assert.Null(last.NextBefore);
    }

    [Theory]
    [InlineData("update audit_log set actor = 'someone else'")]
    [InlineData("delete from audit_log")]
    [InlineData("truncate audit_log")]
    public async Task The_audit_log_refuses_to_be_rewritten(string sql)
    {
        await api.PostAsync<ApiKeyCreated>("/api/keys", new CreateApiKeyRequest("recorded", "read"));

        var refusal = await Assert.ThrowsAsync<PostgresException>(() => api.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refusal.SqlState);
        Assert.Contains("append-only", refusal.MessageText, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from audit_log where actor = 'key:1:bootstrap'"));
    }

    private Task<UserResponse> CreateUserAsync(string handle) =>
        api.PostAsync<UserResponse>("/api/users", new CreateUserRequest(handle, handle, $"{handle}@example.com", "US", Password));

    private async Task<SessionCreated> SignInAsync(string handle)
    {
        using var anonymous = api.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/sessions", new CreateSessionRequest(handle, Password), Cancellation);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SessionCreated>(Cancellation))!;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = api.Database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(Cancellation))!;
    }
}

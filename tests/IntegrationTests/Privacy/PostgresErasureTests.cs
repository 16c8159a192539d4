using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Pulse.Contracts.Privacy;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.Ingestor.Erasure;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Privacy;

/// <summary>
/// PostgreSQL's part of an erasure against the migrated schema: every column that holds a user id is
/// covered by both modes, and the placeholder account anonymising leaves behind opens for nobody.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class PostgresErasureTests(PostgresServer postgres) : IAsyncLifetime
{
    private const string Password = "password1";

    /// <summary>Columns that name a user on purpose after the erasure: the job is the record that they asked.</summary>
    private static readonly HashSet<(string Table, string Column)> KeptOnPurpose = [("erasure_jobs", "user_id")];

    private readonly ApiServer api = new(postgres);

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_column_holding_a_user_id_is_covered_by_erasing_and_by_anonymising()
    {
        var columns = await UserIdColumnsAsync();
        Assert.Contains(("post_daily_stats", "author_id"), columns);
        Assert.Contains(("follows", "followee_id"), columns);

        var uncovered = new List<string>();
        foreach (var (table, column) in columns.Where(column => !KeptOnPurpose.Contains(column)))
        {
            foreach (var (mode, statements) in new[] { ("erase", PostgresErasure.EraseStatements), ("anonymise", PostgresErasure.AnonymiseStatements) })
            {
                if (!statements.Any(statement => statement.Table == table && statement.Sql.Contains(column, StringComparison.Ordinal)))
                {
                    uncovered.Add($"{table}.{column} ({mode})");
                }
            }
        }

        // A new table keyed by a user fails here until PostgresErasure takes the user out of it.
        Assert.Empty(uncovered);
    }

    [Fact]
    public async Task The_placeholder_account_anonymising_leaves_cannot_be_signed_in_to()
    {
        var ada = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("ada", "Ada", "ada@example.com", "GB", Password));
        var bob = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("bob", "Bob", "bob@example.com", "US", Password));
        await api.ExecuteAsync($"insert into posts (author_id, content, tags) values ({ada.Id}, 'hello', '{{}}')");
        await api.ExecuteAsync($"insert into follows (follower_id, followee_id) values ({bob.Id}, {ada.Id})");
        var pseudonym = Pseudonyms.Of(ada.Id, "a-salt-of-thirty-two-characters!");
        var job = new ErasureJobRun(1, ada.Id, ErasureModes.Anonymise, "admin", ErasureSteps.PostgreSql, null, pseudonym, ErasureReceipt.Parse("{}"));

        await new PostgresErasure(api.Database).RunAsync(job, Cancellation);

        var placeholder = await ScalarAsync<string>($"select handle from users where id = {pseudonym}");
        Assert.Equal($"anon-{pseudonym:x}", placeholder);
        Assert.Equal(0, await ScalarAsync<long>($"select count(*) from users where id = {ada.Id}"));
        Assert.Equal(pseudonym, await ScalarAsync<long>("select author_id from posts"));
        Assert.Equal(pseudonym, await ScalarAsync<long>($"select followee_id from follows where follower_id = {bob.Id}"));
        using var anonymous = api.CreateClient();
        // Its password hash is empty, which no password verifies against; an empty password is refused before any account is looked at.
        using (var empty = await anonymous.PostAsJsonAsync("/api/sessions", new CreateSessionRequest(placeholder, ""), Cancellation))
        {
            await empty.AssertInvalidFieldAsync("password");
        }
        foreach (var (handle, password) in new[] { (placeholder, " "), (placeholder, Password), (placeholder, "anything"), ("ada", Password) })
        {
            using var response = await anonymous.PostAsJsonAsync("/api/sessions", new CreateSessionRequest(handle, password), Cancellation);
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    /// <summary>Columns with a foreign key to users(id), and every column named as a user id is, in tables (not their partitions).</summary>
    private async Task<List<(string Table, string Column)>> UserIdColumnsAsync()
    {
        await using var command = api.Database.CreateCommand("""
            select c.relname, a.attname
            from pg_constraint k
            join pg_class c on c.oid = k.conrelid
            join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any (k.conkey)
            where k.contype = 'f' and k.confrelid = 'users'::regclass and not c.relispartition
            union
            select c.relname, a.attname
            from pg_attribute a
            join pg_class c on c.oid = a.attrelid
            join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
              and a.attnum > 0 and not a.attisdropped
              and a.attname in ('user_id', 'author_id', 'follower_id', 'followee_id')
            order by 1, 2
            """);
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        var columns = new List<(string, string)>();
        while (await reader.ReadAsync(Cancellation))
        {
            columns.Add((reader.GetString(0), reader.GetString(1)));
        }
        return columns;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = api.Database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(Cancellation))!;
    }
}

using System.Net;
using System.Net.Http.Json;
using Pulse.Contracts.Posts;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Api;

[Collection(nameof(PostgresGroup))]
public sealed class PostsApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ApiServer api = new(postgres);
    private UserResponse author = null!;

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        author = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("writer", "Writer", "writer@example.com", "DE", "password1"));
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task Publishing_answers_201_and_the_post_can_be_read_back()
    {
        using var response = await api.Client.PostAsJsonAsync("/api/posts",
            new CreatePostRequest(author.Id, "  Hello, Pulse!  ", ["#DotNet", "aspire", "dotnet"]), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<PostResponse>(TestContext.Current.CancellationToken);
        Assert.Equal(("Hello, Pulse!", "writer"), (created!.Content, created.AuthorHandle));
        Assert.Equal(["dotnet", "aspire"], created.Tags);

        var fetched = await api.Client.GetFromJsonAsync<PostResponse>(response.Headers.Location, TestContext.Current.CancellationToken);
        Assert.Equal(created.Id, fetched!.Id);
        Assert.Equal(created.Tags, fetched.Tags);
        Assert.Equal(created.CreatedAt.ToUnixTimeMilliseconds(), fetched.CreatedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task An_unknown_author_answers_404_and_writes_nothing()
    {
        using var response = await api.Client.PostAsJsonAsync("/api/posts", new CreatePostRequest(555555, "orphan", []), TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("555555", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await api.CountAsync("posts"));
    }

    [Theory]
    [InlineData(null, "content", "authorId")]
    [InlineData(0L, "content", "authorId")]
    [InlineData(1L, "   ", "content")]
    [InlineData(1L, null, "content")]
    public async Task Bad_input_answers_400_naming_the_field(long? authorId, string? content, string field)
    {
        using var response = await api.Client.PostAsJsonAsync("/api/posts", new CreatePostRequest(authorId, content, null), TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync(field);
    }

    [Fact]
    public async Task Overlong_content_and_bad_tags_are_refused()
    {
        using var tooLong = await api.Client.PostAsJsonAsync("/api/posts", new CreatePostRequest(author.Id, new string('x', 2001), null), TestContext.Current.CancellationToken);
        using var badTag = await api.Client.PostAsJsonAsync("/api/posts", new CreatePostRequest(author.Id, "ok", ["has space"]), TestContext.Current.CancellationToken);
        using var tooManyTags = await api.Client.PostAsJsonAsync("/api/posts",
            new CreatePostRequest(author.Id, "ok", [.. Enumerable.Range(0, 11).Select(i => $"tag{i}")]), TestContext.Current.CancellationToken);

        await tooLong.AssertInvalidFieldAsync("content");
        Assert.Contains("'has space'", (await badTag.AssertInvalidFieldAsync("tags"))[0], StringComparison.Ordinal);
        await tooManyTags.AssertInvalidFieldAsync("tags");
        Assert.Equal(0, await api.CountAsync("posts"));
    }

    [Fact]
    public async Task An_unknown_post_answers_404()
    {
        using var response = await api.Client.GetAsync("/api/posts/31337", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_users_posts_page_newest_first_by_keyset()
    {
        // Five posts, two of them in the same microsecond, so the id breaks the tie.
        await api.ExecuteAsync($$"""
            insert into posts (author_id, content, tags, created_at) values
              ({{author.Id}}, 'p1', '{}', '2026-11-01T10:00:00Z'),
              ({{author.Id}}, 'p2', '{}', '2026-11-02T10:00:00Z'),
              ({{author.Id}}, 'p3', '{}', '2026-11-02T10:00:00Z'),
              ({{author.Id}}, 'p4', '{}', '2026-11-03T10:00:00Z'),
              ({{author.Id}}, 'p5', '{}', '2026-11-04T10:00:00Z');
            """);

        var contents = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await api.Client.GetFromJsonAsync<PostPage>(
                $"/api/users/{author.Id}/posts?limit=2{(cursor is null ? "" : $"&before={cursor}")}", TestContext.Current.CancellationToken);
            contents.AddRange(page!.Items.Select(post => post.Content));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(["p5", "p4", "p3", "p2", "p1"], contents);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Paging_rejects_bad_limits_and_foreign_cursors_and_knows_unknown_users()
    {
        using var zero = await api.Client.GetAsync($"/api/users/{author.Id}/posts?limit=0", TestContext.Current.CancellationToken);
        using var huge = await api.Client.GetAsync($"/api/users/{author.Id}/posts?limit=101", TestContext.Current.CancellationToken);
        using var forged = await api.Client.GetAsync($"/api/users/{author.Id}/posts?before=not-a-cursor", TestContext.Current.CancellationToken);
        using var unknown = await api.Client.GetAsync("/api/users/777777/posts", TestContext.Current.CancellationToken);
        var empty = await api.Client.GetFromJsonAsync<PostPage>($"/api/users/{author.Id}/posts", TestContext.Current.CancellationToken);

        await zero.AssertInvalidFieldAsync("limit");
        await huge.AssertInvalidFieldAsync("limit");
        await forged.AssertInvalidFieldAsync("before");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(empty!.Items);
        Assert.Null(empty.NextCursor);
    }
}

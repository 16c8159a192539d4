using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Api.Realtime;
using Pulse.Contracts.Posts;
using Pulse.Contracts.Realtime;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Realtime;

/// <summary>The counters and trending endpoints over the Api's real Redis and PostgreSQL.</summary>
[Collection(nameof(PostgresGroup))]
public sealed class RealtimeApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ApiServer api = new(postgres);
    private PostResponse popular = null!;
    private PostResponse quiet = null!;

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        var author = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("trendsetter", "Trend Setter", "trend@example.com", "DE", "password1"));
        popular = await api.PostAsync<PostResponse>("/api/posts", new CreatePostRequest(author.Id, new string('x', 200), []));
        quiet = await api.PostAsync<PostResponse>("/api/posts", new CreatePostRequest(author.Id, "Short and quiet", []));
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    private async Task RecordAsync(params (string Type, long PostId)[] events)
    {
        var recorder = api.Services.GetRequiredService<EventRecorder>();
        var now = DateTimeOffset.UtcNow;
        await recorder.RecordAsync(
            [.. events.Select(e => new RealtimeEvent(Guid.NewGuid().ToString(), e.Type, e.PostId, now, "{}", UserId: 1))],
            TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_post_s_counters_are_read_back()
    {
        await RecordAsync((EventTypes.PostView, popular.Id), (EventTypes.PostView, popular.Id), (EventTypes.PostShare, popular.Id));

        var counters = await api.Client.GetFromJsonAsync<PostCounters>($"/api/posts/{popular.Id}/counters", TestContext.Current.CancellationToken);

        Assert.Equal(new PostCounters(popular.Id, 2, 0, 0, 1), counters);
    }

    [Fact]
    public async Task Several_posts_counters_come_in_the_order_asked_with_zeros_for_posts_without_events()
    {
        await RecordAsync((EventTypes.PostLike, quiet.Id));

        var counters = await api.Client.GetFromJsonAsync<PostCounters[]>($"/api/counters?postIds={quiet.Id},999,{quiet.Id}", TestContext.Current.CancellationToken);

        Assert.Equal([new PostCounters(quiet.Id, 0, 1, 0, 0), new PostCounters(999, 0, 0, 0, 0)], counters!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?postIds=")]
    [InlineData("?postIds=0")]
    [InlineData("?postIds=1,-2")]
    [InlineData("?postIds=1,abc")]
    public async Task Bad_post_ids_answer_400(string query)
    {
        using var response = await api.Client.GetAsync($"/api/counters{query}", TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync("postIds");
    }

    [Fact]
    public async Task More_than_100_post_ids_answer_400()
    {
        var ids = string.Join(',', Enumerable.Range(1, 101));

        using var response = await api.Client.GetAsync($"/api/counters?postIds={ids}", TestContext.Current.CancellationToken);

        var messages = await response.AssertInvalidFieldAsync("postIds");
        Assert.Contains("100", messages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_id_that_is_not_positive_answers_400()
    {
        using var response = await api.Client.GetAsync("/api/posts/0/counters", TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync("id");
    }

    [Theory]
    [InlineData("decay")]
    [InlineData("1h")]
    [InlineData("24h")]
    public async Task Trending_ranks_posts_with_their_author_and_excerpt(string window)
    {
        await RecordAsync((EventTypes.PostShare, popular.Id), (EventTypes.PostLike, quiet.Id), (EventTypes.PostView, quiet.Id));

        var trending = (await api.Client.GetFromJsonAsync<TrendingPost[]>($"/api/trending?window={window}&limit=5", TestContext.Current.CancellationToken))!;

        Assert.Equal([(1, popular.Id), (2, quiet.Id)], trending.Select(post => (post.Rank, post.PostId)));
        // A share (8) against a like and a view (3 + 1), recorded together: on the decayed board the
        // real clock has moved on since, which scales both alike.
        Assert.Equal(2, trending[0].Score / trending[1].Score, 9);
        Assert.InRange(trending[0].Score, 0, 8);
        Assert.All(trending, post => Assert.Equal("trendsetter", post.AuthorHandle));
        Assert.Equal(new string('x', PostDetailsCache.ExcerptLength) + "…", trending[0].Excerpt);
        Assert.Equal("Short and quiet", trending[1].Excerpt);
    }

    [Fact]
    public async Task Trending_returns_at_most_limit_posts()
    {
        await RecordAsync((EventTypes.PostShare, popular.Id), (EventTypes.PostLike, quiet.Id));

        var trending = await api.Client.GetFromJsonAsync<TrendingPost[]>("/api/trending?limit=1", TestContext.Current.CancellationToken);

        Assert.Equal([popular.Id], trending!.Select(post => post.PostId));
    }

    [Theory]
    [InlineData("?window=7d", "window")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    public async Task Bad_trending_queries_answer_400(string query, string field)
    {
        using var response = await api.Client.GetAsync($"/api/trending{query}", TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync(field);
    }

    [Fact]
    public async Task A_limit_that_is_not_a_number_answers_400()
    {
        using var response = await api.Client.GetAsync("/api/trending?limit=ten", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}

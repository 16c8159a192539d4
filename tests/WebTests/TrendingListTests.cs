using Bunit;
using Pulse.Contracts.Realtime;
using Pulse.Web.Components.Trending;
using Pulse.WebTests.Support;

namespace Pulse.WebTests;

/// <summary>The live trending list: its rows, and how it follows the feed's pushes.</summary>
public sealed class TrendingListTests : WebTestContext
{
    private long[] board = [1, 2, 3];

    public TrendingListTests()
    {
        Api.Returns("api/trending", () => Samples.TrendingBoard(board));
        Api.Returns("api/counters", () => Samples.CountersFor(board));
    }

    [Fact]
    public void Renders_a_row_per_trending_post_in_rank_order_with_its_counters()
    {
        var list = Render<TrendingList>();

        var rows = list.WaitForElements("[data-testid=trending-row]", 3);
        Assert.Equal(["1", "2", "3"], rows.Select(row => row.GetAttribute("data-post-id")));
        Assert.Equal(["1", "2", "3"], rows.Select(row => row.GetAttribute("data-rank")));
        Assert.Contains("@author2", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("20", rows[1].QuerySelector("[data-counter=views]")!.TextContent.Trim());
        Assert.All(rows, row => Assert.Equal("same", row.GetAttribute("data-movement")));
        Assert.Contains("window=decay&limit=10", Api.Requests.First(request => request.Path == "api/trending").Query, StringComparison.Ordinal);
        Assert.Equal("?postIds=1,2,3", Api.Requests.First(request => request.Path == "api/counters").Query);
    }

    [Fact]
    public void Refetches_and_re_renders_when_the_feed_publishes_a_change_marking_moved_rows()
    {
        var list = Render<TrendingList>();
        list.WaitForElements("[data-testid=trending-row]", 3);

        board = [3, 1, 4];
        Feed.Publish(3, 1, 4);

        list.WaitForAssertion(() =>
        {
            var rows = list.FindAll("[data-testid=trending-row]");
            Assert.Equal(["3", "1", "4"], rows.Select(row => row.GetAttribute("data-post-id")));
            Assert.Equal(["up", "down", "new"], rows.Select(row => row.GetAttribute("data-movement")));
        });
        Assert.Equal(2, Api.CountOf("api/trending"));
        Assert.Contains("▲ 2", list.Find("[data-post-id='3']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Says_so_when_nothing_is_trending()
    {
        board = [];

        var list = Render<TrendingList>();

        list.WaitForElement("[data-testid=trending-empty]");
        Assert.Empty(list.FindAll("[data-testid=trending-row]"));
        Assert.Equal(0, Api.CountOf("api/counters"));
    }

    [Fact]
    public void Shows_the_apis_problem_instead_of_rows_when_the_first_load_fails()
    {
        Api.Fails("api/trending", System.Net.HttpStatusCode.ServiceUnavailable, "Redis is unavailable", "Pulse could not reach Redis. Try again in 5 seconds.");

        var list = Render<TrendingList>();

        var error = list.WaitForElement("[data-testid=api-error]");
        Assert.Equal("StoreUnavailable", error.GetAttribute("data-kind"));
        Assert.Contains("Redis is unavailable", error.TextContent, StringComparison.Ordinal);
        Assert.Contains("Pulse could not reach Redis", error.TextContent, StringComparison.Ordinal);
        Assert.Empty(list.FindAll("[data-testid=trending-row]"));
    }

    [Fact]
    public void Keeps_the_last_list_marked_stale_when_a_refresh_fails()
    {
        var list = Render<TrendingList>();
        list.WaitForElements("[data-testid=trending-row]", 3);

        Api.Unreachable("api/trending");
        Feed.Publish(9);

        list.WaitForElement("[data-testid=trending-stale]");
        Assert.Equal(3, list.FindAll("[data-testid=trending-row]").Count);
    }

    [Fact]
    public void Shows_rows_without_counters_when_the_counters_fail()
    {
        Api.Fails("api/counters", System.Net.HttpStatusCode.TooManyRequests, "Too many requests");

        var list = Render<TrendingList>();

        list.WaitForElements("[data-testid=trending-row]", 3);
        Assert.Contains("Too many requests", list.Find("[data-testid=trending-counters-missing]").TextContent, StringComparison.Ordinal);
        Assert.Empty(list.FindAll("[data-counter]"));
    }

    [Fact]
    public async Task Unsubscribes_from_the_feed_when_disposed()
    {
        var list = Render<TrendingList>();
        list.WaitForElements("[data-testid=trending-row]", 3);
        Assert.Equal(1, Feed.Subscribers);

        await DisposeComponentsAsync();

        Assert.Equal(0, Feed.Subscribers);
        Feed.Publish(7);
        Assert.Equal(1, Api.CountOf("api/trending"));
    }

    [Fact]
    public void Loads_nothing_while_prerendering()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));

        var list = Render<TrendingList>();

        Assert.Empty(Api.Requests);
        Assert.Empty(list.FindAll("[data-testid=trending-row]"));
    }
}

public sealed class TrendingBoardTests
{
    [Fact]
    public void The_first_list_marks_nothing_as_moved()
    {
        var rows = TrendingBoard.Compare(null, Samples.TrendingBoard(1, 2), null);

        Assert.All(rows, row => Assert.Equal(RowMovement.Same, row.Movement));
        Assert.All(rows, row => Assert.Null(row.Counters));
    }

    [Fact]
    public void Later_lists_mark_posts_that_rose_fell_or_entered()
    {
        var first = TrendingBoard.Compare(null, Samples.TrendingBoard(1, 2, 3), null);

        var second = TrendingBoard.Compare(first, Samples.TrendingBoard(2, 1, 4), [new PostCounters(4, 1, 2, 3, 4)]);

        Assert.Equal([RowMovement.Up, RowMovement.Down, RowMovement.New], second.Select(row => row.Movement));
        Assert.Equal([2, 1, (int?)null], second.Select(row => row.PreviousRank));
        Assert.Equal(2, second[2].Counters!.Likes);
    }
}

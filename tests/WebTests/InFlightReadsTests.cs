using Pulse.Web.Services.Api;

namespace Pulse.WebTests;

/// <summary>Identical reads (same person, same address) at the same moment share one request, and only while it is in flight.</summary>
public sealed class InFlightReadsTests
{
    private const string Ann = "token-of-ann";
    private const string Bob = "token-of-bob";

    private readonly InFlightReads reads = new();
    private int started;

    [Fact]
    public async Task Reads_of_the_same_key_while_one_is_in_flight_share_its_answer()
    {
        var answer = new TaskCompletionSource<string>();

        var first = reads.ShareAsync(Ann, "api/trending", () => Read(answer), TestContext.Current.CancellationToken);
        var second = reads.ShareAsync(Ann, "api/trending", () => Read(answer), TestContext.Current.CancellationToken);
        answer.SetResult("top 10");

        Assert.Equal(["top 10", "top 10"], await Task.WhenAll(first, second));
        Assert.Equal(1, started);
    }

    [Fact]
    public async Task A_read_after_the_answer_asks_again()
    {
        await reads.ShareAsync(Ann, "api/trending", () => Read(Answered("old")), TestContext.Current.CancellationToken);

        var later = await reads.ShareAsync(Ann, "api/trending", () => Read(Answered("new")), TestContext.Current.CancellationToken);

        Assert.Equal("new", later);
        Assert.Equal(2, started);
    }

    [Fact]
    public async Task Different_keys_are_different_reads()
    {
        var answer = new TaskCompletionSource<string>();

        var trending = reads.ShareAsync(Ann, "api/trending", () => Read(answer), TestContext.Current.CancellationToken);
        var status = reads.ShareAsync(Ann, "api/status", () => Read(Answered("up")), TestContext.Current.CancellationToken);
        answer.SetResult("top 10");

        Assert.Equal("up", await status);
        Assert.Equal("top 10", await trending);
        Assert.Equal(2, started);
    }

    [Fact]
    public async Task Reads_of_the_same_address_with_two_tokens_are_never_shared()
    {
        var annsAnswer = new TaskCompletionSource<string>();
        var bobsAnswer = new TaskCompletionSource<string>();

        var ann = reads.ShareAsync(Ann, "api/admin/pipeline", () => Read(annsAnswer), TestContext.Current.CancellationToken);
        var bob = reads.ShareAsync(Bob, "api/admin/pipeline", () => Read(bobsAnswer), TestContext.Current.CancellationToken);
        var nobody = reads.ShareAsync(null, "api/admin/pipeline", () => Read(Answered("refused")), TestContext.Current.CancellationToken);
        bobsAnswer.SetResult("bob's");
        annsAnswer.SetResult("ann's");

        Assert.Equal(["ann's", "bob's", "refused"], await Task.WhenAll(ann, bob, nobody));
        Assert.Equal(3, started);
    }

    [Fact]
    public async Task A_caller_that_leaves_does_not_cancel_the_read_for_the_others()
    {
        var answer = new TaskCompletionSource<string>();
        using var leaving = new CancellationTokenSource();

        var left = reads.ShareAsync(Ann, "api/trending", () => Read(answer), leaving.Token);
        var staying = reads.ShareAsync(Ann, "api/trending", () => Read(answer), TestContext.Current.CancellationToken);
        await leaving.CancelAsync();
        answer.SetResult("top 10");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left);
        Assert.Equal("top 10", await staying);
    }

    private Task<string> Read(TaskCompletionSource<string> answer)
    {
        Interlocked.Increment(ref started);
        return answer.Task;
    }

    private static TaskCompletionSource<string> Answered(string value)
    {
        var answer = new TaskCompletionSource<string>();
        answer.SetResult(value);
        return answer;
    }
}

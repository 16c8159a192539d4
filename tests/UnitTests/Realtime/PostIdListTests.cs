using Pulse.Api.Problems;
using Pulse.Api.Realtime;

namespace Pulse.UnitTests.Realtime;

public class PostIdListTests
{
    [Fact]
    public void Ids_keep_their_order_without_repeats()
    {
        var errors = new ValidationErrors();

        Assert.Equal([3L, 1L, 2L], PostIdList.Parse(" 3,1, 2,3", "postIds", errors));
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    [InlineData("1,,2")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public void Anything_but_positive_ids_is_refused(string? text)
    {
        var errors = new ValidationErrors();

        Assert.Null(PostIdList.Parse(text, "postIds", errors));
        Assert.True(errors.ToDictionary().ContainsKey("postIds"));
    }

    [Fact]
    public void One_hundred_ids_are_accepted_and_one_hundred_and_one_refused()
    {
        Assert.Equal(100, PostIdList.Parse(string.Join(',', Enumerable.Range(1, 100)), "postIds", new ValidationErrors())!.Count);
        Assert.Null(PostIdList.Parse(string.Join(',', Enumerable.Range(1, 101)), "postIds", new ValidationErrors()));
    }
}

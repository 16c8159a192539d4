using Pulse.Api.Posts;

namespace Pulse.UnitTests.Api;

/// <summary>A paging cursor comes back as the client sends it: anything that is not one of ours is refused, never thrown on.</summary>
public class PostCursorTests
{
    [Fact]
    public void A_cursor_survives_its_round_trip()
    {
        var cursor = new PostCursor(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero), 42);

        Assert.True(PostCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("FDtAG}1PDq\"dlN+@fDd;h|+^:Va!m9&S|D^,OK].\\Lp4LknvhJR(")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    public void Anything_else_is_refused(string text) =>
        Assert.False(PostCursor.TryDecode(text, out _));
}

/// <summary>The timeline's cursor, likewise.</summary>
public class TimelineCursorTests
{
    [Theory]
    [InlineData("not a cursor")]
    [InlineData("FDtAG}1PDq\"dlN+@fDd;h|+^:Va!m9&S|D^,OK].\\Lp4LknvhJR(")]
    [InlineData("AAAA")]
    public void Anything_but_a_cursor_is_refused(string text) =>
        Assert.False(Pulse.Api.EventAnalytics.TimelineCursor.TryDecode(text, out _));
}

using System.Globalization;
using StackExchange.Redis;

namespace Pulse.Pipeline;

/// <summary>Redis stream entry ids (<c>ms-seq</c>): their time part, and their order.</summary>
public static class StreamIds
{
    public const string Zero = "0-0";

    /// <summary>When Redis added the entry (the id's millisecond part).</summary>
    public static DateTimeOffset Time(RedisValue id)
    {
        var text = (string)id!;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var ms = long.Parse(dash < 0 ? text : text[..dash], CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    public static int Compare(RedisValue left, RedisValue right)
    {
        var (leftMs, leftSeq) = Parts(left);
        var (rightMs, rightSeq) = Parts(right);
        return leftMs != rightMs ? leftMs.CompareTo(rightMs) : leftSeq.CompareTo(rightSeq);
    }

    public static RedisValue Min(RedisValue left, RedisValue right) => Compare(left, right) <= 0 ? left : right;

    private static (ulong Ms, ulong Seq) Parts(RedisValue id)
    {
        var text = (string)id!;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash < 0
            ? (ulong.Parse(text, CultureInfo.InvariantCulture), 0)
            : (ulong.Parse(text[..dash], CultureInfo.InvariantCulture), ulong.Parse(text[(dash + 1)..], CultureInfo.InvariantCulture));
    }
}

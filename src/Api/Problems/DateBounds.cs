namespace Pulse.Api.Problems;

/// <summary>
/// The dates a query may name: from 2000-01-01 (inclusive) to 2100-01-01 (exclusive). Checked before
/// any arithmetic on them, so no window or range computed from a date can leave the calendar
/// (<c>asOf=0001-01-01</c> minus a few days would).
/// </summary>
public static class DateBounds
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static readonly DateOnly End = new(2100, 1, 1);

    public const string Message = "Must be on or after 2000-01-01 and before 2100-01-01.";

    public static bool Contains(DateOnly day) => day >= Earliest && day < End;

    public static bool Contains(DateTimeOffset time) =>
        time >= new DateTimeOffset(Earliest, TimeOnly.MinValue, TimeSpan.Zero) && time < new DateTimeOffset(End, TimeOnly.MinValue, TimeSpan.Zero);
}

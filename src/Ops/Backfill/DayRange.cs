using System.Globalization;

namespace Pulse.Ops.Backfill;

/// <summary>UTC days <see cref="From"/> to <see cref="To"/>, both included.</summary>
public readonly record struct DayRange(DateOnly From, DateOnly To)
{
    public const string DayFormat = "yyyy-MM-dd";

    /// <summary>Midnight UTC starting <see cref="From"/>: the first instant in the range.</summary>
    public DateTimeOffset Start => Midnight(From);

    /// <summary>Midnight UTC after <see cref="To"/>: the first instant past the range.</summary>
    public DateTimeOffset End => Midnight(To.AddDays(1));

    public int Days => To.DayNumber - From.DayNumber + 1;

    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{From.ToString(DayFormat, CultureInfo.InvariantCulture)} to {To.ToString(DayFormat, CultureInfo.InvariantCulture)}");

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

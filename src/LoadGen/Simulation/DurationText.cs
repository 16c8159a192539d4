using System.Globalization;

namespace Pulse.LoadGen.Simulation;

/// <summary>Durations as people type them: <c>90</c> or <c>90s</c>, <c>5m</c>, <c>2h</c>, or a <see cref="TimeSpan"/> such as <c>00:05:00</c>.</summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        }
        var (number, unit) = char.IsLetter(text[^1]) ? (text[..^1], char.ToLowerInvariant(text[^1])) : (text, 's');
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || !double.IsFinite(value))
        {
            return false;
        }
        double? seconds = unit switch { 's' => value, 'm' => value * 60, 'h' => value * 3_600, 'd' => value * 86_400, _ => null };
        if (seconds is not { } s || s > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }
        duration = TimeSpan.FromSeconds(s);
        return true;
    }
}

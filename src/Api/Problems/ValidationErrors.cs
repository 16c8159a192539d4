namespace Pulse.Api.Problems;

/// <summary>Collects what is wrong with a request, field by field, for a 400 validation problem.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }
        messages.Add(message);
    }

    /// <summary>Adds an error when <paramref name="value"/> is outside [min, max].</summary>
    public void InRange(string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            Add(field, $"Must be between {min} and {max}.");
        }
    }

    /// <summary>Adds an error when <paramref name="value"/> is given and outside <see cref="DateBounds"/>.</summary>
    public void InDateRange(string field, DateOnly? value)
    {
        if (value is { } day && !DateBounds.Contains(day))
        {
            Add(field, DateBounds.Message);
        }
    }

    /// <summary>Adds an error when <paramref name="value"/> is given and outside <see cref="DateBounds"/>.</summary>
    public void InDateRange(string field, DateTimeOffset? value)
    {
        if (value is { } time && !DateBounds.Contains(time))
        {
            Add(field, DateBounds.Message);
        }
    }

    public IDictionary<string, string[]> ToDictionary() =>
        errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
}

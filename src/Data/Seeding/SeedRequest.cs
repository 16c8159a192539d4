namespace Pulse.Data.Seeding;

/// <summary>What to generate. The same request and anchor always give the same rows.</summary>
/// <param name="RandomSeed">Seeds every random choice, Bogus's included.</param>
/// <param name="ActivityDays">
/// When above zero, also the analytics aggregates (post_daily_stats, post_stats, user_daily_activity)
/// for the last this many days, up to and including the anchor's day.
/// </param>
public sealed record SeedRequest(SeedScale Scale, int RandomSeed = SeedRequest.DefaultRandomSeed, int ActivityDays = 0)
{
    public const int DefaultRandomSeed = 20_260_501;

    /// <summary>The longest activity history worth generating.</summary>
    public const int MaxActivityDays = 365;

    public void Validate()
    {
        if (ActivityDays is < 0 or > MaxActivityDays)
        {
            throw new ArgumentOutOfRangeException(nameof(ActivityDays), ActivityDays, $"Activity days must be between 0 and {MaxActivityDays}.");
        }
    }
}

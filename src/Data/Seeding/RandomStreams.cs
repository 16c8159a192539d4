namespace Pulse.Data.Seeding;

/// <summary>
/// One independent random stream per part of the seed, all derived from the request's seed: changing
/// how posts are written does not reshuffle users. System.Random with a seed is stable across .NET
/// versions; HashCode is not (it is randomised per process), so it is not used here.
/// </summary>
internal static class RandomStreams
{
    public const int Users = 1;
    public const int Posts = 2;
    public const int Follows = 3;
    public const int Activity = 4;
    public const int Names = 5;
    public const int Text = 6;
    public const int Audience = 7;

    public static Random For(int seed, int stream) => new(Derive(seed, stream));

    public static int Derive(int seed, int stream) => unchecked((seed * 1_000_003) ^ (stream * 7_919) + stream);
}

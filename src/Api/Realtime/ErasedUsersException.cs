using System.Globalization;

namespace Pulse.Api.Realtime;

/// <summary>
/// The batch names users who were erased or anonymised: the event script refused it whole and wrote
/// nothing. The Api answers as for any user that does not exist (its cache of known users may not
/// know yet).
/// </summary>
public sealed class ErasedUsersException(IReadOnlySet<long> users, Exception innerException)
    : Exception($"Users {string.Join(", ", users)} were erased or anonymised.", innerException)
{
    /// <summary>How the event script's error reply starts; the user ids follow, separated by spaces.</summary>
    public const string ErrorPrefix = "ERASED";

    public IReadOnlySet<long> Users { get; } = users;

    public static ErasedUsersException? FromReply(string message, Exception innerException)
    {
        if (!message.StartsWith(ErrorPrefix + " ", StringComparison.Ordinal))
        {
            return null;
        }
        var users = message[(ErrorPrefix.Length + 1)..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(id => long.Parse(id, CultureInfo.InvariantCulture))
            .ToHashSet();
        return new ErasedUsersException(users, innerException);
    }
}

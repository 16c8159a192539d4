namespace Pulse.Contracts.Security;

/// <summary>
/// What a signed-in user may do, each role including the one before it: a member uses the social
/// network, an analyst also reads every analytics, report, realtime and pipeline view, an admin also
/// manages users, keys and roles and operates the pipeline.
/// </summary>
public static class Roles
{
    public const string Member = "member";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Member, Analyst, Admin];

    /// <summary>Whether <paramref name="role"/> may read analytics: an analyst or an admin.</summary>
    public static bool MayReadAnalytics(string? role) => role is Analyst or Admin;
}

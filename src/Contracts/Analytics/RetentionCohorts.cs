namespace Pulse.Contracts.Analytics;

/// <summary>The grain of a retention triangle: ISO weeks (Monday to Sunday, UTC) or UTC days.</summary>
public static class RetentionGrain
{
    public const string Week = "week";
    public const string Day = "day";

    public static readonly IReadOnlyList<string> All = [Week, Day];
}

/// <summary>
/// Users grouped by the period they were first active in, and how many of each cohort were active in
/// each following period: the classic retention triangle.
/// </summary>
/// <remarks>
/// First activity is a user's first row of daily activity. Activity from before that table's history
/// is not known, so a user who was active earlier but not since the table began counts as new.
/// </remarks>
/// <param name="Grain"><see cref="RetentionGrain.Week"/> or <see cref="RetentionGrain.Day"/>.</param>
/// <param name="AsOf">The last day counted; the period holding it is partial (only its days up to here count).</param>
/// <param name="Cohorts">The last N periods up to <see cref="AsOf"/>, oldest first, empty cohorts included.</param>
public sealed record RetentionReport(string Grain, DateOnly AsOf, IReadOnlyList<RetentionCohort> Cohorts);

/// <param name="Start">The first day of the cohort's period (a Monday for weeks).</param>
/// <param name="Users">Users first active in this period.</param>
/// <param name="Periods">Periods 0 (the cohort's own) onwards, only those begun by <see cref="RetentionReport.AsOf"/>: periods yet to come are absent.</param>
public sealed record RetentionCohort(DateOnly Start, long Users, IReadOnlyList<RetentionPeriod> Periods);

/// <param name="Period">Periods after the cohort's own: 0 is the cohort's period.</param>
/// <param name="ActiveUsers">The cohort's users active at least once in that period.</param>
/// <param name="Share"><see cref="ActiveUsers"/> / the cohort's users, 0 to 1; 0 for an empty cohort.</param>
public sealed record RetentionPeriod(int Period, long ActiveUsers, double Share);

using System.Net.Http.Json;
using Pulse.Contracts.Analytics;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Api;

/// <summary>
/// Retention cohorts against a fixture worked out by hand. asOf is Wednesday 2026-11-18.
/// Days of activity: ada 10-30, 11-03; bob 11-03, 11-17; cyrus 11-04, 11-10; dee 11-16, 11-18, 11-19; eve 11-17.
///
/// Weeks (periods=3: the weeks of Monday 11-02, 11-09, 11-16, the last partial up to Wednesday):
///   ada was active before 11-02, so she is in no cohort although active on 11-03.
///   11-02: bob, cyrus → week 0: 2 (1), week 1: cyrus (0.5), week 2: bob (0.5; he skipped week 1).
///   11-09: nobody → 0, 0.
///   11-16: dee, eve → week 0: 2 (1); dee's 11-19 is after asOf.
/// Days (periods=3: 11-16, 11-17, 11-18; everyone active before 11-16 is out):
///   11-16: dee → 1 (1), 0 (0), 1 (1).  11-17: eve → 1 (1), 0 (0).  11-18: nobody → 0.
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class RetentionCohortsTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ApiServer api = new(postgres);

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        await api.ExecuteAsync(AnalyticsFixtureUsers.Insert);
        await api.ExecuteAsync("""
            insert into users (id, handle, display_name, email, country, password_hash) overriding system value values
              (5, 'eve', 'Eve', 'eve@example.com', 'FR', 'x');
            insert into user_daily_activity (user_id, day, events, post_views, likes, comments, shares, follows, sessions)
            select user_id, day::date, 1, 1, 0, 0, 0, 0, 0
            from (values
              (1, '2026-10-30'), (1, '2026-11-03'),
              (2, '2026-11-03'), (2, '2026-11-17'),
              (3, '2026-11-04'), (3, '2026-11-10'),
              (4, '2026-11-16'), (4, '2026-11-18'), (4, '2026-11-19'),
              (5, '2026-11-17')) as a(user_id, day);
            """);
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task Weekly_cohorts_form_a_triangle_of_iso_weeks_without_users_first_seen_before_the_window()
    {
        var report = await GetAsync("/api/analytics/retention?grain=week&periods=3&asOf=2026-11-18");

        Assert.Equal(("week", new DateOnly(2026, 11, 18)), (report.Grain, report.AsOf));
        Assert.Equal(
            [
                Cohort("2026-11-02", 2, (2, 1), (1, 0.5), (1, 0.5)),
                Cohort("2026-11-09", 0, (0, 0), (0, 0)),
                Cohort("2026-11-16", 2, (2, 1)),
            ],
            Flatten(report));
    }

    [Fact]
    public async Task Daily_cohorts_count_each_utc_day()
    {
        var report = await GetAsync("/api/analytics/retention?grain=day&periods=3&asOf=2026-11-18");

        Assert.Equal(
            [
                Cohort("2026-11-16", 1, (1, 1), (0, 0), (1, 1)),
                Cohort("2026-11-17", 1, (1, 1), (0, 0)),
                Cohort("2026-11-18", 0, (0, 0)),
            ],
            Flatten(report));
    }

    [Fact]
    public async Task The_defaults_are_eight_weeks_and_fourteen_days()
    {
        var weeks = await GetAsync("/api/analytics/retention?asOf=2026-11-18");
        var days = await GetAsync("/api/analytics/retention?grain=day&asOf=2026-11-18");

        Assert.Equal(new DateOnly(2026, 9, 28), weeks.Cohorts[0].Start);
        Assert.Equal(Enumerable.Range(1, 8).Reverse(), weeks.Cohorts.Select(cohort => cohort.Periods.Count));
        Assert.Equal(new DateOnly(2026, 11, 5), days.Cohorts[0].Start);
        Assert.Equal(14, days.Cohorts.Count);
    }

    [Fact]
    public async Task A_bad_grain_or_period_count_is_400()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var month = await api.Client.GetAsync("/api/analytics/retention?grain=month", cancellationToken);
        using var none = await api.Client.GetAsync("/api/analytics/retention?periods=0", cancellationToken);
        using var tooManyWeeks = await api.Client.GetAsync("/api/analytics/retention?grain=week&periods=27", cancellationToken);
        using var tooManyDays = await api.Client.GetAsync("/api/analytics/retention?grain=day&periods=91", cancellationToken);

        await month.AssertInvalidFieldAsync("grain");
        await none.AssertInvalidFieldAsync("periods");
        await tooManyWeeks.AssertInvalidFieldAsync("periods");
        await tooManyDays.AssertInvalidFieldAsync("periods");
    }

    /// <summary>A cohort as one line, "start users: active share | ...", so a mismatch shows the whole row.</summary>
    private static string Cohort(string start, long users, params (long Active, double Share)[] periods) =>
        $"{start} {users}: {string.Join(" | ", periods.Select(period => FormattableString.Invariant($"{period.Active} {period.Share:0.###}")))}";

    private static string[] Flatten(RetentionReport report) =>
        [.. report.Cohorts.Select(cohort =>
        {
            Assert.Equal(Enumerable.Range(0, cohort.Periods.Count), cohort.Periods.Select(period => period.Period));
            return Cohort(cohort.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), cohort.Users,
                [.. cohort.Periods.Select(period => (period.ActiveUsers, period.Share))]);
        })];

    private async Task<RetentionReport> GetAsync(string path) =>
        (await api.Client.GetFromJsonAsync<RetentionReport>(path, TestContext.Current.CancellationToken))!;
}

using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pulse.Api.Apis;
using Pulse.Api.Realtime;
using Pulse.Contracts.Events;
using Pulse.ServiceDefaults.Retention;

namespace Pulse.UnitTests.Retention;

/// <summary><c>Pulse:Retention</c>: its defaults, each rule with the message an operator reads, and the retired keys.</summary>
public class RetentionOptionsTests
{
    [Fact]
    public void The_defaults_keep_what_was_kept_before_and_are_valid()
    {
        var defaults = new RetentionOptions();

        Assert.Equal(TimeSpan.FromDays(90), defaults.RawEvents);
        Assert.Equal(TimeSpan.FromDays(7), defaults.DedupeIds);
        Assert.Equal(TimeSpan.FromDays(400), defaults.DailyTables);
        Assert.Equal(TimeSpan.FromDays(400), defaults.HourlyTable);
        Assert.Equal(TimeSpan.FromHours(25), defaults.MinuteCounts);
        Assert.Equal(TimeSpan.FromHours(25), defaults.TrendingHours);
        Assert.Empty(Errors(defaults));
    }

    public static TheoryData<string, string, string> Rules => new()
    {
        { nameof(RetentionOptions.RawEvents), "00:59:59", "Pulse:Retention:RawEvents must lie between 1 hour and 3650 days." },
        { nameof(RetentionOptions.RawEvents), "3651.00:00:00", "Pulse:Retention:RawEvents must lie between 1 hour and 3650 days." },
        { nameof(RetentionOptions.RawEvents), "90.00:00:00.5", "Pulse:Retention:RawEvents must be whole seconds; 90.00:00:00.5000000 is not." },
        { nameof(RetentionOptions.DedupeIds), "6.23:59:59", "Pulse:Retention:DedupeIds must be at least 7 days, the oldest event timestamp the Api accepts: an id forgotten sooner could be counted twice; 6.23:59:59 is shorter." },
        { nameof(RetentionOptions.DedupeIds), "366.00:00:00", "Pulse:Retention:DedupeIds must lie between 0 and 365 days." },
        { nameof(RetentionOptions.DailyTables), "364.00:00:00", "Pulse:Retention:DailyTables must be at least 365 days, the longest window the Api's analytics read (or empty to keep forever); 364.00:00:00 is shorter." },
        { nameof(RetentionOptions.DailyTables), "400.12:00:00", "Pulse:Retention:DailyTables must be whole days (or empty to keep forever); 400.12:00:00 is not." },
        { nameof(RetentionOptions.DailyTables), "3651.00:00:00", "Pulse:Retention:DailyTables must lie between 0 and 3650 days, or be empty to keep them forever." },
        { nameof(RetentionOptions.HourlyTable), "30.00:00:00", "Pulse:Retention:HourlyTable must be at least 365 days, the longest window the Api's analytics read (or empty to keep forever); 30.00:00:00 is shorter." },
        { nameof(RetentionOptions.HourlyTable), "365.01:00:00", "Pulse:Retention:HourlyTable must be whole days (or empty to keep forever); 365.01:00:00 is not." },
        { nameof(RetentionOptions.MinuteCounts), "23:59:00", "Pulse:Retention:MinuteCounts must be at least 24 hours, the minutes the Api reads back; 23:59:00 is shorter." },
        { nameof(RetentionOptions.MinuteCounts), "31.00:00:00", "Pulse:Retention:MinuteCounts must lie between 0 and 30 days." },
        { nameof(RetentionOptions.TrendingHours), "1.00:00:00", "Pulse:Retention:TrendingHours must be at least 25 hours, the 24-hour trending window and the hour bucket it slides over; 1.00:00:00 is shorter." },
        { nameof(RetentionOptions.TrendingHours), "-01:00:00", "Pulse:Retention:TrendingHours must lie between 0 and 30 days." },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Each_rule_stops_the_start_with_a_message_naming_the_setting(string setting, string value, string message)
    {
        using var host = Build(new() { [RetentionOptions.Key(setting)] = value });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal([message], failure.Failures.Select(Trimmed));
    }

    [Theory]
    [InlineData(nameof(RetentionOptions.DedupeIds), "7.00:00:00")]
    [InlineData(nameof(RetentionOptions.DailyTables), "365.00:00:00")]
    [InlineData(nameof(RetentionOptions.HourlyTable), "365.00:00:00")]
    [InlineData(nameof(RetentionOptions.MinuteCounts), "1.00:00:00")]
    [InlineData(nameof(RetentionOptions.TrendingHours), "1.01:00:00")]
    public void Each_minimum_itself_is_allowed(string setting, string value)
    {
        var options = Bind(new() { [RetentionOptions.Key(setting)] = value });

        Assert.Empty(Errors(options));
    }

    [Fact]
    public void An_empty_daily_or_hourly_setting_keeps_those_tables_forever()
    {
        var options = Bind(new()
        {
            [RetentionOptions.Key(nameof(RetentionOptions.DailyTables))] = "",
            [RetentionOptions.Key(nameof(RetentionOptions.HourlyTable))] = "",
        });

        Assert.Null(options.DailyTables);
        Assert.Null(options.HourlyTable);
        Assert.Empty(Errors(options));
    }

    [Theory]
    [InlineData("Pulse:EventLog:Retention", "Pulse:Retention:RawEvents")]
    [InlineData("Pulse:Ingestor:Aggregates:DedupeRetention", "Pulse:Retention:DedupeIds")]
    public async Task A_retired_key_still_set_stops_the_start_naming_its_new_key(string retired, string replacement)
    {
        using var host = Build(new() { [retired] = "30.00:00:00" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal([$"{retired} is no longer read: set {replacement} instead (same value) and remove {retired}."], failure.Failures);
    }

    [Fact]
    public void Registering_twice_validates_once()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.AddRetentionPolicy();
        var registered = builder.Services.Count;

        builder.AddRetentionPolicy();

        Assert.Equal(registered, builder.Services.Count);
    }

    [Fact]
    public void The_minimums_are_what_the_Api_reads()
    {
        Assert.Equal(AnalyticsApi.MaxDays, RetentionOptions.LongestAnalyticsWindow.TotalDays);
        Assert.Equal(EventMinutes.PerDay, RetentionOptions.LongestMinuteRead.TotalMinutes);
        // The 24-hour window merges 25 hour buckets, the oldest from 25 hours before the end of the current hour.
        var now = new DateTimeOffset(2026, 12, 8, 10, 59, 59, TimeSpan.Zero);
        var oldest = TrendingWindow.LastDay.Buckets(now).Min(bucket => bucket.UnixHour);
        Assert.Equal((TrendingWindows.UnixHour(now) + 1 - oldest) * TrendingWindows.Hour, RetentionOptions.LongestTrendingRead);
        Assert.Equal(TimeSpan.FromDays(7), EventWindow.DefaultMaxAge);
    }

    // DataAnnotations' messages for IValidatableObject carry no prefix; the options validator adds one naming the type and member.
    private static string Trimmed(string failure) =>
        failure.StartsWith("DataAnnotation validation failed", StringComparison.Ordinal) ? failure[(failure.IndexOf("with the error: '", StringComparison.Ordinal) + 17)..^2] : failure;

    private static List<string> Errors(RetentionOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(result => result.ErrorMessage!)];
    }

    private static RetentionOptions Bind(Dictionary<string, string?> settings)
    {
        using var host = Build(settings);
        return host.Services.GetRequiredService<IOptions<RetentionOptions>>().Value;
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRetentionPolicy();
        return builder.Build();
    }
}

using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Pulse.AppHost.Infrastructure;

/// <summary>The optional traffic simulator: <c>--simulate</c> starts it, <c>Pulse:Simulate:Rate</c> sets its events/s.</summary>
public static class SimulationSettings
{
    public const string Switch = "--simulate";

    public const string EnabledKey = "Pulse:Simulate:Enabled";

    public const string RateKey = "Pulse:Simulate:Rate";

    public const int DefaultRate = 200;

    /// <summary>Removes <c>--simulate</c> from the arguments, so the configuration provider does not take the next argument as its value.</summary>
    public static (string[] Args, bool Simulate) ExtractSwitch(string[] args) =>
        (args.Where(arg => !IsSwitch(arg)).ToArray(), args.Any(IsSwitch));

    public static bool IsEnabled(IConfiguration configuration) =>
        bool.TryParse(configuration[EnabledKey], out var enabled) && enabled;

    public static int ReadRate(IConfiguration configuration)
    {
        var value = configuration[RateKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultRate;
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rate) && rate is >= 1 and <= 100_000
            ? rate
            : throw new InvalidOperationException($"Configuration '{RateKey}' is '{value}'; use a whole number of events per second from 1 to 100000.");
    }

    private static bool IsSwitch(string arg) => string.Equals(arg, Switch, StringComparison.OrdinalIgnoreCase);
}

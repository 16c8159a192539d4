using System.Globalization;

namespace Pulse.Contracts;

public static partial class RedisKeys
{
    /// <summary>Reports built from several stores, cached briefly as JSON.</summary>
    public static class Reports
    {
        /// <summary>The overview report over the last <paramref name="days"/> days.</summary>
        public static string Overview(int days) => OverviewPrefix + days.ToString(CultureInfo.InvariantCulture);

        /// <summary>SCAN pattern of every cached overview, whatever its days.</summary>
        public const string AnyOverview = OverviewPrefix + "*";

        private const string OverviewPrefix = "pulse:report:overview:";
    }
}

namespace Pulse.Web.Components.Charts;

public static class ChartLabels
{
    /// <summary>
    /// Keeps about <paramref name="maxLabels"/> evenly spaced labels (the last one always) and blanks
    /// the others, so an axis of 60 minutes or 90 days stays readable on a phone.
    /// </summary>
    public static string[] Sparse(IReadOnlyList<string> labels, int maxLabels)
    {
        if (labels.Count <= maxLabels)
        {
            return [.. labels];
        }
        var step = (int)Math.Ceiling(labels.Count / (double)maxLabels);
        var last = labels.Count - 1;
        return [.. labels.Select((label, index) => (last - index) % step == 0 ? label : "")];
    }
}

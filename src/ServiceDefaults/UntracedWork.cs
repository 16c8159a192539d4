using System.Diagnostics;

namespace Pulse.ServiceDefaults;

/// <summary>
/// Work repeated many times a second that no one should find in a trace: idle polls and
/// maintenance. Inside the scope the current Activity is one that is never recorded, so the
/// parent-based sampler drops every span an instrumentation starts under it (Npgsql, HttpClient),
/// and StackExchange.Redis' commands, whose spans are made later from a profiling session kept per
/// parent, follow that parent too. Without it, each such command would be a trace of its own.
/// </summary>
public static class UntracedWork
{
    private const string Name = "untraced";

    /// <summary>Starts the scope; dispose it before starting work that should be traced.</summary>
    public static Activity Begin()
    {
        var activity = new Activity(Name)
        {
            // Set explicitly, so the flag is not taken from a recorded parent either.
            ActivityTraceFlags = ActivityTraceFlags.None,
        };
        activity.SetIdFormat(ActivityIdFormat.W3C);
        return activity.Start();
    }
}

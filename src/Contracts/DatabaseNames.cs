namespace Pulse.Contracts;

/// <summary>Physical database names, as the servers know them.</summary>
public static class DatabaseNames
{
    public const string Pulse = "pulse";
    public const string Events = "pulse_events";
}

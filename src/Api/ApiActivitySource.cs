using System.Diagnostics;
using Pulse.ServiceDefaults;

namespace Pulse.Api;

/// <summary>The Api's one ActivitySource: the spans of its own work inside a request.</summary>
public static class ApiActivitySource
{
    public static readonly ActivitySource Instance = new(PulseTelemetry.ApiSource);
}

namespace Pulse.AppHost.Infrastructure;

/// <summary>The stores cannot be set up as configured (a missing package, a missing connection string): the message says what to do.</summary>
public sealed class InfrastructureException(string message) : Exception(message);

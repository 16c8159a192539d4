namespace Pulse.Pipeline;

/// <summary>Another replay of the dead letters is running: this one changed nothing.</summary>
public sealed class ReplayInProgressException() : Exception("Another replay of the dead letters is running.");

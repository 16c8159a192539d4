namespace Pulse.LoadGen.Simulation;

/// <summary>A condition the simulation cannot go on under; its message is the one line the user sees.</summary>
public sealed class SimulationStoppedException(string message) : Exception(message);

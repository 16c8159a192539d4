namespace Pulse.Contracts.Events;

/// <summary>What is wrong with one event of a batch: its index in the batch, the field, and why.</summary>
public sealed record EventError(int Index, string Field, string Reason);

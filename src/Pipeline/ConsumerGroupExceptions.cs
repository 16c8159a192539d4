namespace Pulse.Pipeline;

/// <summary>No consumer group of that name is known: not one of Pulse's, not on the stream, never decided about.</summary>
public sealed class UnknownConsumerGroupException(string group)
    : Exception($"There is no consumer group '{group}'.")
{
    public string Group { get; } = group;
}

/// <summary>The change asked for does not apply to the group's state (pausing a retired group).</summary>
public sealed class ConsumerGroupStateConflictException(string message) : Exception(message);

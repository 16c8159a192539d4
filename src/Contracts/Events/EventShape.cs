namespace Pulse.Contracts.Events;

/// <summary>What an event type refers to besides its user.</summary>
public enum EventShape
{
    UserOnly,

    /// <summary>Needs <c>postId</c>.</summary>
    OnPost,

    /// <summary>Needs <c>targetUserId</c>.</summary>
    OnUser,
}

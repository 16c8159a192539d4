using System.Text.Json.Serialization;

namespace Pulse.Contracts.Notifications;

/// <summary>What happened to a user, as published on <see cref="RedisKeys.Notifications.User"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationKind>))]
public enum NotificationKind
{
    PostLiked,
    PostCommented,
    PostShared,
    Followed,
}

/// <param name="RecipientId">The user told.</param>
/// <param name="ActorId">The user who did it.</param>
/// <param name="PostId">The post concerned, for post notifications.</param>
public sealed record UserNotification(NotificationKind Kind, long RecipientId, long ActorId, long? PostId, DateTimeOffset OccurredAt);

/// <summary>The trending top list after a change, as published on <see cref="RedisKeys.Notifications.Trending"/>.</summary>
public sealed record TrendingChanged(IReadOnlyList<long> TopPostIds, DateTimeOffset OccurredAt);

/// <summary>Event names of <c>GET /api/notifications/stream</c> (server-sent events).</summary>
public static class NotificationEvents
{
    /// <summary>First event of every stream: the subscription is live.</summary>
    public const string Ready = "ready";

    public const string Notification = "notification";
    public const string Trending = "trending";
}

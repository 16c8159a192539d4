using Pulse.Contracts.Notifications;

namespace Pulse.Web.Services.Live;

/// <summary>
/// Changes of the trending top list, pushed to the components that show it. One subscription to
/// Redis per process; each component subscribes here in <c>OnInitialized</c> and disposes its
/// subscription in <c>Dispose</c>.
/// </summary>
public interface ITrendingFeed
{
    /// <summary>Whether changes arrive right now (subscribed, and Redis connected).</summary>
    bool IsLive { get; }

    /// <summary>
    /// Calls <paramref name="onChanged"/> on each change and <paramref name="onLiveChanged"/> when
    /// <see cref="IsLive"/> flips. Both run on the publisher's thread: a component marshals with
    /// <c>InvokeAsync</c>. Disposing the result ends the subscription.
    /// </summary>
    IDisposable Subscribe(Action<TrendingChanged> onChanged, Action<bool>? onLiveChanged = null);
}

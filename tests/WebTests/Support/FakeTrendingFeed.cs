using Pulse.Contracts.Notifications;
using Pulse.Web.Services.Live;

namespace Pulse.WebTests.Support;

/// <summary>The trending feed without Redis: a test publishes changes and flips liveness by hand.</summary>
public sealed class FakeTrendingFeed : ITrendingFeed
{
    private readonly Lock gate = new();
    private readonly List<(Action<TrendingChanged> OnChanged, Action<bool>? OnLiveChanged)> subscribers = [];

    public bool IsLive { get; private set; } = true;

    public int Subscribers
    {
        get
        {
            lock (gate)
            {
                return subscribers.Count;
            }
        }
    }

    public IDisposable Subscribe(Action<TrendingChanged> onChanged, Action<bool>? onLiveChanged = null)
    {
        var subscriber = (onChanged, onLiveChanged);
        lock (gate)
        {
            subscribers.Add(subscriber);
        }
        return new Unsubscriber(() =>
        {
            lock (gate)
            {
                subscribers.Remove(subscriber);
            }
        });
    }

    public void Publish(params long[] topPostIds)
    {
        foreach (var (onChanged, _) in Snapshot())
        {
            onChanged(new TrendingChanged(topPostIds, DateTimeOffset.UtcNow));
        }
    }

    public void SetLive(bool live)
    {
        IsLive = live;
        foreach (var (_, onLiveChanged) in Snapshot())
        {
            onLiveChanged?.Invoke(live);
        }
    }

    private List<(Action<TrendingChanged> OnChanged, Action<bool>? OnLiveChanged)> Snapshot()
    {
        lock (gate)
        {
            return [.. subscribers];
        }
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

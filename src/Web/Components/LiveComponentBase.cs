using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Pulse.Web.Services.Api;
using Pulse.Web.Services.Live;

namespace Pulse.Web.Components;

/// <summary>
/// What the dashboard's components share: the Api, a token cancelled when the component goes away,
/// and live refreshes (trending pushes, throttled; a slow timer for quiet periods) that end with it.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource disposed = new();
    private readonly List<IDisposable> resources = [];

    [Inject]
    protected PulseApiClient Api { get; set; } = default!;

    [Inject]
    protected ITrendingFeed Feed { get; set; } = default!;

    [Inject]
    protected IOptions<LiveUpdateOptions> LiveOptions { get; set; } = default!;

    [Inject]
    protected TimeProvider Time { get; set; } = default!;

    /// <summary>Cancelled when the component is disposed (the page left, the circuit closed).</summary>
    protected CancellationToken Aborted => disposed.Token;

    /// <summary>
    /// Data loads only once the component is interactive: prerendering shows the loading state,
    /// and the Api is asked once per page view, not twice.
    /// </summary>
    protected bool CanLoad => RendererInfo.IsInteractive && !disposed.IsCancellationRequested;

    /// <summary>A refresh that runs at most once per <paramref name="interval"/>, then re-renders the component.</summary>
    protected RefreshThrottle Throttle(TimeSpan interval, Func<CancellationToken, Task> refresh)
    {
        var throttle = new RefreshThrottle(interval, async cancellationToken =>
        {
            try
            {
                await InvokeAsync(async () =>
                {
                    await refresh(cancellationToken);
                    StateHasChanged();
                });
            }
            catch (Exception) when (disposed.IsCancellationRequested)
            {
                // The component went away while it refreshed: nothing is left to show.
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Api failures are values; anything thrown is a bug, reported like any error in a render.
                await DispatchExceptionAsync(exception);
            }
        }, Time);
        resources.Add(throttle);
        return throttle;
    }

    /// <summary>Requests <paramref name="throttle"/> on every trending change pushed from Redis.</summary>
    protected void RefreshOnTrendingChange(RefreshThrottle throttle) => resources.Add(Feed.Subscribe(_ => throttle.Request()));

    /// <summary>Requests <paramref name="throttle"/> every <paramref name="interval"/>, for the figures that age without pushes.</summary>
    protected void RefreshEvery(TimeSpan interval, RefreshThrottle throttle) =>
        resources.Add(Time.CreateTimer(_ => throttle.Request(), null, interval, interval));

    /// <summary>Both: refresh <paramref name="throttle"/> on pushes, and on the quiet-period timer.</summary>
    protected void KeepFresh(RefreshThrottle throttle)
    {
        RefreshOnTrendingChange(throttle);
        RefreshEvery(LiveOptions.Value.QuietRefreshInterval, throttle);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing || disposed.IsCancellationRequested)
        {
            return;
        }
        disposed.Cancel();
        foreach (var resource in resources)
        {
            resource.Dispose();
        }
        resources.Clear();
    }
}

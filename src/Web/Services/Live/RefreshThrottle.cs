namespace Pulse.Web.Services.Live;

/// <summary>
/// Coalesces refresh requests: a refresh runs at once when none ran within the interval, otherwise
/// one more runs when the interval is up, however many requests arrived meanwhile. Never two at once.
/// Disposing it cancels the refresh under way and any to come.
/// </summary>
public sealed class RefreshThrottle : IDisposable
{
    private readonly TimeSpan interval;
    private readonly Func<CancellationToken, Task> refresh;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource cancellation = new();
    private readonly Lock gate = new();
    private ITimer? timer;
    private bool running;
    private bool pending;
    private DateTimeOffset lastStarted = DateTimeOffset.MinValue;
    private bool disposed;

    public RefreshThrottle(TimeSpan interval, Func<CancellationToken, Task> refresh, TimeProvider time)
    {
        this.interval = interval;
        this.refresh = refresh;
        this.time = time;
    }

    public void Request()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }
            if (running || timer is not null)
            {
                pending = true;
                return;
            }
            var wait = lastStarted + interval - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                timer = time.CreateTimer(_ => Fire(), null, wait, Timeout.InfiniteTimeSpan);
                return;
            }
            Start();
        }
        _ = RunAsync();
    }

    private void Fire()
    {
        lock (gate)
        {
            timer?.Dispose();
            timer = null;
            if (disposed || running)
            {
                return;
            }
            Start();
        }
        _ = RunAsync();
    }

    private void Start()
    {
        running = true;
        pending = false;
        lastStarted = time.GetUtcNow();
    }

    private async Task RunAsync()
    {
        try
        {
            await refresh(cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Disposed while it ran: the page is gone.
        }
        finally
        {
            bool again;
            lock (gate)
            {
                running = false;
                again = pending && !disposed;
            }
            if (again)
            {
                Request();
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }
            disposed = true;
            timer?.Dispose();
            timer = null;
        }
        // Cancelled, not disposed: a refresh starting right now may still read its token.
        cancellation.Cancel();
    }
}

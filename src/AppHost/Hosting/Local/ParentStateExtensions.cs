using Aspire.Hosting.ApplicationModel;

namespace Pulse.AppHost.Hosting.Local;

public static class ParentStateExtensions
{
    /// <summary>
    /// Gives a database resource the state of the server it lives on. Aspire does this for the
    /// children of containers only; without it, <c>WaitFor</c> on a database of an executable
    /// server would wait forever for a state that never comes.
    /// </summary>
    public static IResourceBuilder<TChild> WithParentState<TChild>(this IResourceBuilder<TChild> builder)
        where TChild : IResourceWithParent =>
        builder.OnInitializeResource(async (child, @event, cancellationToken) =>
        {
            try
            {
                await foreach (var update in @event.Notifications.WatchAsync(cancellationToken))
                {
                    if (!ReferenceEquals(update.Resource, child.Parent))
                    {
                        continue;
                    }

                    var parent = update.Snapshot;
                    await @event.Notifications.PublishUpdateAsync(child, state => state.State?.Text == parent.State?.Text
                        ? state
                        : state with { State = parent.State, StartTimeStamp = parent.StartTimeStamp, StopTimeStamp = parent.StopTimeStamp });
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The AppHost is stopping.
            }
        });
}

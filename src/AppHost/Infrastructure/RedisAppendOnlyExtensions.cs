using Aspire.Hosting.ApplicationModel;

namespace Pulse.AppHost.Infrastructure;

public static class RedisAppendOnlyExtensions
{
    /// <summary>
    /// Turns on Redis' append-only file, the durability the event hand-off relies on.
    /// Aspire's Redis container runs <c>/bin/sh -c "redis-server ..."</c>, so the options are
    /// appended to that command line.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithAppendOnlyFile(this IResourceBuilder<RedisResource> builder, string appendFsync) =>
        builder.WithArgs(context =>
        {
            if (context.Args is not [.., "-c", string command])
            {
                throw new InvalidOperationException(
                    "Aspire's Redis container no longer runs 'sh -c redis-server ...'; update WithAppendOnlyFile to match.");
            }

            context.Args[^1] = $"{command} --appendonly yes --appendfsync {appendFsync}";
        });
}

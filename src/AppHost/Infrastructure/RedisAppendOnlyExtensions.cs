using Aspire.Hosting.ApplicationModel;

namespace Pulse.AppHost.Infrastructure;

public static class RedisAppendOnlyExtensions
{
    /// <summary>
    /// Turns on Redis' append-only file, the durability the event hand-off relies on. Aspire's
    /// Redis container gets its server command line in one of two shapes: one argument for
    /// <c>/bin/sh -c "redis-server ..."</c> (publishing) or <c>redis-server</c> and its options as
    /// separate arguments (run mode); the options are added to whichever it is.
    /// </summary>
    public static IResourceBuilder<RedisResource> WithAppendOnlyFile(this IResourceBuilder<RedisResource> builder, string appendFsync) =>
        builder.WithArgs(context =>
        {
            switch (context.Args)
            {
                case [.., string shellCommand] when shellCommand.StartsWith("redis-server ", StringComparison.Ordinal):
                    context.Args[^1] = $"{shellCommand} --appendonly yes --appendfsync {appendFsync}";
                    break;
                case ["redis-server", ..]:
                    context.Args.Add("--appendonly");
                    context.Args.Add("yes");
                    context.Args.Add("--appendfsync");
                    context.Args.Add(appendFsync);
                    break;
                default:
                    throw new InvalidOperationException(
                        $"Aspire's Redis container arguments have a shape Pulse does not know ({string.Join(" | ", context.Args)}); update WithAppendOnlyFile to match.");
            }
        });
}

using Aspire.Hosting.ApplicationModel;
using Pulse.AppHost.Hosting.Local;
using Pulse.Contracts;

namespace Pulse.AppHost.Infrastructure;

/// <summary>Marks a Redis the AppHost runs as having the <see cref="RedisAccess.WebSubscriber"/> user, with its password.</summary>
public sealed record WebSubscriberUserAnnotation(ParameterResource Password) : IResourceAnnotation;

/// <summary>
/// Least privilege for the Web: where the AppHost runs Redis itself, the server gets an ACL user that
/// may only ping and subscribe to the trending channel (<see cref="RedisAccess.WebSubscriber"/>), and
/// the Web connects as that user, never with the full-rights password. An external Redis is set up
/// by its operator (docs/deploy.md), and the Web then uses the connection string it is given.
/// </summary>
public static class RedisWebSubscriber
{
    public const string PasswordEnvironmentVariable = "REDIS_WEB_PASSWORD";

    /// <summary>A generated password for the user (no specials: StackExchange.Redis cannot parse a comma in one).</summary>
    public static ParameterResource CreatePassword(IDistributedApplicationBuilder builder, string redisName) =>
        ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{redisName}-web-password", special: false);

    /// <summary>
    /// Adds the user to Aspire's Redis container. Aspire runs its server command line through
    /// <c>/bin/sh</c> (so that <c>$REDIS_PASSWORD</c> comes from the environment, never the command
    /// line), as one argument when publishing and as separate ones when running (see
    /// <see cref="RedisAppendOnlyExtensions.WithAppendOnlyFile"/>): the user's password comes the same
    /// way, and every rule is quoted for the shell (<c>&amp;</c> and <c>&gt;</c> mean something to it).
    /// </summary>
    public static IResourceBuilder<RedisResource> WithWebSubscriberUser(this IResourceBuilder<RedisResource> redis)
    {
        var password = CreatePassword(redis.ApplicationBuilder, redis.Resource.Name);
        string[] user = ["--user", RedisAccess.WebSubscriber.User, "on", $"\">${PasswordEnvironmentVariable}\"",
            .. RedisAccess.WebSubscriber.Rules.Split(' ').Select(rule => $"'{rule}'")];
        return redis
            .WithAnnotation(new WebSubscriberUserAnnotation(password))
            .WithEnvironment(PasswordEnvironmentVariable, password)
            .WithArgs(context =>
            {
                switch (context.Args)
                {
                    case [.., string shellCommand] when shellCommand.StartsWith("redis-server ", StringComparison.Ordinal):
                        context.Args[^1] = $"{shellCommand} {string.Join(' ', user)}";
                        break;
                    case ["redis-server", ..]:
                        foreach (var arg in user)
                        {
                            context.Args.Add(arg);
                        }
                        break;
                    default:
                        throw new InvalidOperationException(
                            $"Aspire's Redis container arguments have a shape Pulse does not know ({string.Join(" | ", context.Args)}); update WithWebSubscriberUser to match.");
                }
            });
    }

    /// <summary>
    /// Gives the Web its Redis connection: as the subscriber user where the AppHost runs Redis (built
    /// from the server's endpoint, so the full-rights password never reaches the Web), the store's own
    /// connection string where Redis is external.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithRedisSubscriber(this IResourceBuilder<ProjectResource> web, IResourceBuilder<IResourceWithConnectionString> redis)
    {
        if (!redis.Resource.TryGetLastAnnotation<WebSubscriberUserAnnotation>(out var user) || redis.Resource is not IResourceWithEndpoints server)
        {
            return web.WithStore(redis);
        }
        var endpoint = server.GetEndpoint(LocalRedisResource.PrimaryEndpointName);
        var tls = ReferenceExpression.CreateConditional(endpoint.Property(EndpointProperty.TlsEnabled), bool.TrueString,
            ReferenceExpression.Create($",ssl=true"), ReferenceExpression.Empty);
        return web
            .WithEnvironment($"ConnectionStrings__{redis.Resource.Name}", ReferenceExpression.Create(
                $"{endpoint.Property(EndpointProperty.Host)}:{endpoint.Property(EndpointProperty.Port)},user={RedisAccess.WebSubscriber.User},password={user.Password}{tls}"))
            .WaitFor(redis);
    }
}

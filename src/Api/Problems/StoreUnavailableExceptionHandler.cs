using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using MongoDB.Driver;
using Npgsql;
using StackExchange.Redis;

namespace Pulse.Api.Problems;

/// <summary>
/// A store that cannot answer is a 503 with <c>Retry-After</c> and problem details naming it, on
/// every endpoint, instead of a 500: the caller learns it is ours and passing, and when to retry.
/// </summary>
public sealed partial class StoreUnavailableExceptionHandler(IProblemDetailsService problemDetails, ILogger<StoreUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (UnavailableStore(exception) is not { } store)
        {
            return false;
        }

        StoreUnavailable(logger, store, httpContext.Request.Path, exception);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = $"{store} is unavailable",
                Detail = $"Pulse could not reach {store}. Try again in {RetryAfterSeconds} seconds.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            },
        });
    }

    /// <summary>The store an exception (or one it wraps, as EF Core and the drivers do) says is out of reach; null for anything else.</summary>
    public static string? UnavailableStore(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case NpgsqlException { IsTransient: true }:
                    return "PostgreSQL";
                case RedisConnectionException or RedisTimeoutException:
                    return "Redis";
                case MongoConnectionException or TimeoutException when IsMongo(current):
                    return "MongoDB";
            }
        }
        return null;
    }

    // The driver reports server selection giving up as a TimeoutException of its own namespace.
    private static bool IsMongo(Exception exception) =>
        exception is MongoConnectionException || exception.Source?.StartsWith("MongoDB", StringComparison.Ordinal) == true;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Store} is unavailable; {Path} answered 503")]
    private static partial void StoreUnavailable(ILogger logger, string store, string path, Exception exception);
}

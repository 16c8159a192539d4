using MongoDB.Driver;
using Npgsql;
using Pulse.Contracts;
using StackExchange.Redis;

namespace Pulse.Ops.Commands;

/// <summary>
/// Parses the stores' connection strings the way their clients will, so a mistyped one is refused
/// before anything connects, and names each store for messages (never with its password).
/// </summary>
public static class StoreConnections
{
    /// <summary>Why <paramref name="value"/> is not a usable PostgreSQL connection string, or null when it is.</summary>
    public static string? PostgresProblem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "--postgres is required: a PostgreSQL connection string (Host=...;Database=...;Username=...).";
        }
        try
        {
            return string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(value).Host)
                ? "--postgres names no Host."
                : null;
        }
        catch (ArgumentException exception)
        {
            return $"--postgres is not a PostgreSQL connection string: {exception.Message}";
        }
    }

    public static string? RedisProblem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "--redis is required: a StackExchange.Redis connection string (host:port[,password=...]).";
        }
        try
        {
            return ConfigurationOptions.Parse(value).EndPoints.Count == 0 ? "--redis names no host:port." : null;
        }
        catch (ArgumentException exception)
        {
            return $"--redis is not a Redis connection string: {exception.Message}";
        }
    }

    public static string? MongoProblem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "--mongo is required: a MongoDB connection string (mongodb://host:port/pulse_events).";
        }
        try
        {
            MongoUrl.Create(value);
            return null;
        }
        catch (Exception exception) when (exception is MongoConfigurationException or ArgumentException or FormatException)
        {
            return $"--mongo is not a MongoDB connection string: {exception.Message}";
        }
    }

    /// <summary>The events database: the one the connection string names, else Pulse's.</summary>
    public static string MongoDatabase(MongoUrl url) => url.DatabaseName ?? DatabaseNames.Events;

    public static string DescribePostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }

    public static string DescribeRedis(string connectionString) =>
        string.Join(",", ConfigurationOptions.Parse(connectionString).EndPoints.Select(endPoint => endPoint.ToString()));

    public static string DescribeMongo(MongoUrl url) =>
        $"{string.Join(",", url.Servers.Select(server => server.ToString()))}/{MongoDatabase(url)}";
}

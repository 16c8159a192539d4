using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using MongoDB.Driver;
using Npgsql;
using Pulse.AppHost.Hosting.Local;
using Pulse.AppHost.Hosting.MongoDB;

namespace Pulse.AppHostTests.Infrastructure;

/// <summary>
/// The connection strings each hosting resource hands to the services, with endpoints allocated
/// by hand: what the Npgsql, StackExchange.Redis and MongoDB clients will parse.
/// </summary>
public class ConnectionStringTests
{
    private const string AwkwardPassword = "p@ss:w/rd?#%";

    [Fact]
    public async Task Mongo_container_connection_string_matches_the_official_integration_with_encoded_password()
    {
        var builder = DistributedApplication.CreateBuilder();
        var password = builder.AddParameter("mongo-password", AwkwardPassword, secret: true);
        var mongo = builder.AddMongoDB("mongo", password);
        var events = mongo.AddDatabase("events", "pulse_events");
        Allocate(mongo.Resource, 27017);

        var serverConnection = await mongo.Resource.ConnectionStringExpression.GetValueAsync(TestContext.Current.CancellationToken);
        var databaseConnection = await events.Resource.ConnectionStringExpression.GetValueAsync(TestContext.Current.CancellationToken);

        Assert.Equal("mongodb://admin:p%40ss%3Aw%2Frd%3F%23%25@localhost:27017?authSource=admin&authMechanism=SCRAM-SHA-256", serverConnection);
        var url = MongoUrl.Create(databaseConnection);
        Assert.Equal("admin", url.Username);
        Assert.Equal(AwkwardPassword, url.Password);
        Assert.Equal("pulse_events", url.DatabaseName);
        Assert.Equal("admin", url.AuthenticationSource);
        Assert.Equal("SCRAM-SHA-256", url.AuthenticationMechanism);
    }

    [Fact]
    public async Task Local_postgres_connection_strings_parse_as_npgsql_expects()
    {
        var builder = DistributedApplication.CreateBuilder();
        var postgres = builder.AddLocalPostgres("postgres", "/usr/lib/postgresql/15/bin", new LocalDataLocation("/tmp/x", IsThrowaway: true));
        var database = postgres.AddDatabase("pulse", "pulse");
        Allocate(postgres.Resource, 5433);

        var connection = new NpgsqlConnectionStringBuilder(
            await database.Resource.ConnectionStringExpression.GetValueAsync(TestContext.Current.CancellationToken));

        Assert.Equal("localhost", connection.Host);
        Assert.Equal(5433, connection.Port);
        Assert.Equal("postgres", connection.Username);
        Assert.Equal("pulse", connection.Database);
        Assert.False(string.IsNullOrEmpty(connection.Password));
        Assert.Equal(await postgres.Resource.PasswordParameter.GetValueAsync(TestContext.Current.CancellationToken), connection.Password);
    }

    [Fact]
    public async Task Local_redis_connection_string_carries_host_port_and_password()
    {
        var builder = DistributedApplication.CreateBuilder();
        var redis = builder.AddLocalRedis("redis", "/usr/bin/redis-server", new LocalDataLocation("/tmp/x", IsThrowaway: true), "everysec");
        Allocate(redis.Resource, 6380);

        var connection = StackExchange.Redis.ConfigurationOptions.Parse(
            (await redis.Resource.ConnectionStringExpression.GetValueAsync(TestContext.Current.CancellationToken))!);

        Assert.Equal("localhost:6380", Assert.Single(connection.EndPoints).ToString()?.Replace("Unspecified/", "", StringComparison.Ordinal));
        Assert.Equal(await redis.Resource.PasswordParameter.GetValueAsync(TestContext.Current.CancellationToken), connection.Password);
    }

    [Fact]
    public async Task Local_mongod_connection_string_names_the_database()
    {
        var builder = DistributedApplication.CreateBuilder();
        var mongo = builder.AddLocalMongoDB("mongo", "/usr/bin/mongod", new LocalDataLocation("/tmp/x", IsThrowaway: true));
        var events = mongo.AddDatabase("events", "pulse_events");
        Allocate(mongo.Resource, 27018);

        var url = MongoUrl.Create(await events.Resource.ConnectionStringExpression.GetValueAsync(TestContext.Current.CancellationToken));

        Assert.Equal("pulse_events", url.DatabaseName);
        Assert.Equal(new MongoServerAddress("localhost", 27018), url.Server);
        Assert.Null(url.Username);
    }

    [Fact]
    public void Local_mode_without_the_servers_says_which_packages_to_install()
    {
        var builder = DistributedApplication.CreateBuilder();
        var choice = new Pulse.AppHost.Infrastructure.InfrastructureChoice(Pulse.AppHost.Infrastructure.InfrastructureMode.Local, "asked for");

        var exception = Assert.Throws<Pulse.AppHost.Infrastructure.InfrastructureException>(() =>
            Pulse.AppHost.Infrastructure.LocalInfrastructure.AddLocalInfrastructure(builder, choice, new LocalServerBinaries(null, null, null)));

        Assert.Contains("apt-get install postgresql redis-server", exception.Message, StringComparison.Ordinal);
        Assert.Contains("start Docker", exception.Message, StringComparison.Ordinal);
    }

    private static void Allocate(IResource resource, int port)
    {
        var endpoint = resource.Annotations.OfType<EndpointAnnotation>().Single();
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", port);
    }
}

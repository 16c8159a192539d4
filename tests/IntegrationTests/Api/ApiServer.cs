using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using Pulse.Api.Status;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Contracts;
using Pulse.Contracts.Security;
using Pulse.Data.Accounts;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Api;

/// <summary>
/// The Api in memory (WebApplicationFactory) over a freshly migrated database of its own on the
/// shared PostgreSQL, and a real Redis. One per test class. (The factory is keyed by a type of the
/// Api's assembly: 'Program' is ambiguous here, the AppHost's being visible too.) Requests arrive
/// from 127.0.0.1, as over Kestrel on loopback, or from the address a client names
/// (<see cref="CreateClient"/>'s <c>peer</c>): the in-memory server has no peer address of its own.
/// </summary>
/// <param name="services">Replaces Api services (e.g. the clock) after the Api registered its own.</param>
/// <param name="redisConnectionString">A Redis the test started (e.g. a cluster); by default the Api gets a standalone Redis of its own.</param>
public sealed class ApiServer(
    PostgresServer postgres,
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null,
    string? redisConnectionString = null) : IAsyncLifetime
{
    private readonly RedisServer? redis = redisConnectionString is null ? new() : null;
    private readonly List<WebApplicationFactory<StatusReporter>> replicas = [];
    private WebApplicationFactory<StatusReporter>? factory;

    /// <summary>The bootstrap admin key, stored in this Api's database as the migration step stores it.</summary>
    public const string AdminKey = "test-bootstrap-admin-key-0123456789";

    public string ConnectionString { get; private set; } = "";

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>The Api's own standalone Redis.</summary>
    public RedisServer Redis => redis ?? throw new InvalidOperationException("This Api runs on the Redis its test brought: see RedisConnectionString.");

    /// <summary>What the Api (and an Ingestor beside it) connects to.</summary>
    public string RedisConnectionString => redisConnectionString ?? Redis.ConnectionString;

    public NpgsqlDataSource Database { get; private set; } = null!;

    /// <summary>The Api's services, to reach what no endpoint exposes yet (e.g. recording events).</summary>
    public IServiceProvider Services => factory!.Services;

    public async ValueTask InitializeAsync()
    {
        if (redis is not null)
        {
            await redis.InitializeAsync();
        }
        ConnectionString = await MigratedDatabase.CreateAsync(postgres, "api");
        Database = NpgsqlDataSource.Create(ConnectionString);
        await using (var db = MigratedDatabase.Context(ConnectionString))
        {
            await BootstrapAccounts.EnsureAsync(db, AdminKey, null, null, TimeProvider.System, TestContext.Current.CancellationToken);
        }
        factory = CreateFactory();
        Client = CreateClient(apiKey: AdminKey);
    }

    /// <summary>Another Api process over the same PostgreSQL and Redis, as a second replica would be.</summary>
    public HttpClient CreateReplicaClient()
    {
        var replica = CreateFactory();
        replicas.Add(replica);
        return replica.CreateClient();
    }

    private WebApplicationFactory<StatusReporter> CreateFactory() =>
        new WebApplicationFactory<StatusReporter>().WithWebHostBuilder(web =>
        {
            web.UseSetting($"ConnectionStrings:{ResourceNames.PulseDatabase}", ConnectionString)
                .UseSetting($"ConnectionStrings:{ResourceNames.Redis}", RedisConnectionString);
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                web.UseSetting(key, value);
            }
            web.ConfigureServices(collection => collection.AddSingleton<IStartupFilter, TestPeer>());
            if (services is not null)
            {
                web.ConfigureTestServices(services);
            }
        });

    /// <summary>A client with the given credentials, or none, connecting from <paramref name="peer"/> (127.0.0.1 when null).</summary>
    public HttpClient CreateClient(string? apiKey = null, string? bearer = null, string? peer = null)
    {
        var client = factory!.CreateClient();
        if (peer is not null)
        {
            client.DefaultRequestHeaders.Add(TestPeer.Header, peer);
        }
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add(AuthHeaders.ApiKey, apiKey);
        }
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(AuthHeaders.BearerScheme, bearer);
        }
        return client;
    }

    public T GetService<T>() where T : notnull => factory!.Services.GetRequiredService<T>();

    public async Task<long> CountAsync(string table)
    {
        await using var command = Database.CreateCommand($"select count(*) from {table}");
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = Database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async Task<T> PostAsync<T>(string path, object body)
    {
        using var response = await Client.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(TestContext.Current.CancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }
}

using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Pulse.Api.Status;
using Pulse.Contracts;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Api;

/// <summary>
/// The Api in memory (WebApplicationFactory) over a freshly migrated database of its own on the
/// shared PostgreSQL, and a real Redis. One per test class. (The factory is keyed by a type of the
/// Api's assembly: 'Program' is ambiguous here, the AppHost's being visible too.)
/// </summary>
public sealed class ApiServer(PostgresServer postgres) : IAsyncLifetime
{
    private readonly RedisServer redis = new();
    private WebApplicationFactory<StatusReporter>? factory;

    public string ConnectionString { get; private set; } = "";

    public HttpClient Client { get; private set; } = null!;

    public NpgsqlDataSource Database { get; private set; } = null!;

    /// <summary>The Api's services, to reach what no endpoint exposes yet (e.g. recording events).</summary>
    public IServiceProvider Services => factory!.Services;

    public async ValueTask InitializeAsync()
    {
        await redis.InitializeAsync();
        ConnectionString = await MigratedDatabase.CreateAsync(postgres, "api");
        Database = NpgsqlDataSource.Create(ConnectionString);
        factory = new WebApplicationFactory<StatusReporter>().WithWebHostBuilder(web => web
            .UseSetting($"ConnectionStrings:{ResourceNames.PulseDatabase}", ConnectionString)
            .UseSetting($"ConnectionStrings:{ResourceNames.Redis}", redis.ConnectionString));
        Client = factory.CreateClient();
    }

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
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
        await redis.DisposeAsync();
    }
}

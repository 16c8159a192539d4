using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Pulse.Contracts.Security;
using Pulse.Contracts.Users;
using Pulse.IntegrationTests.Api;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Security;

/// <summary>
/// Failed sign-ins per account and per client address, with delays that double, on the Api's
/// clock (a fake one here, so a delay passes without waiting for it).
/// </summary>
[Collection(nameof(PostgresGroup))]
public sealed class SignInThrottleTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly ApiServer api;
    private int peers;

    public SignInThrottleTests(PostgresServer postgres) =>
        api = new ApiServer(postgres, new Dictionary<string, string?>
        {
            ["Pulse:SignIn:AccountFailureThreshold"] = "3",
            ["Pulse:SignIn:AddressFailureThreshold"] = "6",
            ["Pulse:SignIn:BaseDelaySeconds"] = "2",
            ["Pulse:SignIn:MaxDelaySeconds"] = "8",
            // The per-address request limit of the sign-in route is not what these tests are about.
            ["Pulse:RateLimits:SignIn:PermitLimit"] = "1000",
        }, services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time)));

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("ada", "Ada", "ada@example.com", "GB", "ada-password"));
        await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("bob", "Bob", "bob@example.com", "US", "bob-password"));
    }

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task After_a_few_failures_an_account_waits_a_doubling_delay_even_with_the_right_password_and_a_success_resets_it()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal((HttpStatusCode.Unauthorized, null), await SignInAsync("ada", "wrong"));
        }

        // Every attempt here comes from another address: the count is the account's.
        Assert.Equal((HttpStatusCode.TooManyRequests, 2), await SignInAsync("ada", "ada-password"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((HttpStatusCode.TooManyRequests, 1), await SignInAsync("ada", "wrong"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((HttpStatusCode.Unauthorized, null), await SignInAsync("ada", "wrong"));
        Assert.Equal((HttpStatusCode.TooManyRequests, 4), await SignInAsync("ada", "ada-password"));
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal((HttpStatusCode.Unauthorized, null), await SignInAsync("ada", "wrong"));
        Assert.Equal((HttpStatusCode.TooManyRequests, 8), await SignInAsync("ada", "ada-password"));
        time.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal((HttpStatusCode.Unauthorized, null), await SignInAsync("ada", "wrong"));
        // Capped.
        Assert.Equal((HttpStatusCode.TooManyRequests, 8), await SignInAsync("ada", "ada-password"));
        time.Advance(TimeSpan.FromSeconds(8));
        Assert.Equal((HttpStatusCode.Created, null), await SignInAsync("ada", "ada-password"));

        // The success forgot the failures: two more are not yet enough.
        Assert.Equal((HttpStatusCode.Unauthorized, null), await SignInAsync("ada", "wrong"));
        Assert.Equal((HttpStatusCode.Unauthorized, null), await SignInAsync("ada", "wrong"));
        Assert.Equal((HttpStatusCode.Created, null), await SignInAsync("ada", "ada-password"));
        // Another account was never slowed down.
        Assert.Equal((HttpStatusCode.Created, null), await SignInAsync("bob", "bob-password"));
    }

    [Fact]
    public async Task An_unknown_handle_is_slowed_down_exactly_like_a_real_one()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal((HttpStatusCode.Unauthorized, null), await SignInAsync("ada", "wrong"));
            Assert.Equal((HttpStatusCode.Unauthorized, null), await SignInAsync("nobody", "wrong", peer: "192.0.2.9"));
        }

        using var anonymous = api.CreateClient(peer: NextPeer());
        using var known = await anonymous.PostAsJsonAsync("/api/sessions", new CreateSessionRequest("ada", "ada-password"), TestContext.Current.CancellationToken);
        using var other = api.CreateClient(peer: "192.0.2.9");
        using var unknown = await other.PostAsJsonAsync("/api/sessions", new CreateSessionRequest("nobody", "ada-password"), TestContext.Current.CancellationToken);

        var knownProblem = await known.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        var unknownProblem = await unknown.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal((knownProblem.GetProperty("title").GetString(), knownProblem.GetProperty("detail").GetString()),
            (unknownProblem.GetProperty("title").GetString(), unknownProblem.GetProperty("detail").GetString()));
        Assert.Equal(known.Headers.RetryAfter, unknown.Headers.RetryAfter);
    }

    [Fact]
    public async Task Many_failures_from_one_address_slow_down_every_handle_from_it_and_no_other_address()
    {
        for (var i = 1; i <= 6; i++)
        {
            Assert.Equal((HttpStatusCode.Unauthorized, null), await SignInAsync($"guess{i}", "wrong", peer: "192.0.2.1"));
        }

        Assert.Equal((HttpStatusCode.TooManyRequests, 2), await SignInAsync("bob", "bob-password", peer: "192.0.2.1"));
        Assert.Equal((HttpStatusCode.Created, null), await SignInAsync("bob", "bob-password", peer: "192.0.2.2"));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal((HttpStatusCode.Unauthorized, null), await SignInAsync("guess7", "wrong", peer: "192.0.2.1"));
        Assert.Equal((HttpStatusCode.TooManyRequests, 4), await SignInAsync("bob", "bob-password", peer: "192.0.2.1"));
    }

    /// <summary>Another client address each time (one that never reaches the per-address threshold), unless a test names one.</summary>
    private string NextPeer() => $"198.51.100.{Interlocked.Increment(ref peers)}";

    /// <returns>The status, and Retry-After in seconds when it says one.</returns>
    private async Task<(HttpStatusCode Status, int? RetryAfter)> SignInAsync(string handle, string password, string? peer = null)
    {
        using var client = api.CreateClient(peer: peer ?? NextPeer());
        using var response = await client.PostAsJsonAsync("/api/sessions", new CreateSessionRequest(handle, password), TestContext.Current.CancellationToken);
        return (response.StatusCode, response.Headers.RetryAfter?.Delta is { } delay ? (int)delay.TotalSeconds : null);
    }
}

using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Pulse.Contracts.Users;
using Pulse.Data.Entities;
using Pulse.IntegrationTests.Data;
using Pulse.TestSupport.Servers;

namespace Pulse.IntegrationTests.Api;

[Collection(nameof(PostgresGroup))]
public sealed class UsersApiTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly ApiServer api = new(postgres);

    public ValueTask InitializeAsync() => api.InitializeAsync();

    public ValueTask DisposeAsync() => api.DisposeAsync();

    [Fact]
    public async Task Creating_a_user_answers_201_with_the_user_in_normal_form()
    {
        using var response = await api.Client.PostAsJsonAsync("/api/users",
            new CreateUserRequest(" Ada_L ", " Ada Lovelace ", "Ada@Example.COM", "gb", "correct horse"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = await response.Content.ReadFromJsonAsync<UserResponse>(TestContext.Current.CancellationToken);
        Assert.NotNull(user);
        Assert.Equal($"/api/users/{user.Id}", response.Headers.Location?.ToString());
        Assert.Equal(("ada_l", "Ada Lovelace", "GB", 0L, 0L), (user.Handle, user.DisplayName, user.Country, user.Followers, user.Following));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("email", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_password_is_stored_only_as_a_verifiable_hash()
    {
        var user = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("grace", "Grace", "grace@example.com", "US", "s3cret-enough"));

        await using var command = api.Database.CreateCommand($"select email, password_hash from users where id = {user.Id}");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal("grace@example.com", reader.GetString(0));
        var hash = reader.GetString(1);
        Assert.DoesNotContain("s3cret-enough", hash, StringComparison.Ordinal);
        var hasher = new PasswordHasher<User>();
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(null!, hash, "s3cret-enough"));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(null!, hash, "wrong password"));
    }

    [Theory]
    [InlineData(null, "Name", "a@example.com", "US", "password1", "handle")]
    [InlineData("no spaces", "Name", "a@example.com", "US", "password1", "handle")]
    [InlineData("ab", "Name", "a@example.com", "US", "password1", "handle")]
    [InlineData("valid_handle", "", "a@example.com", "US", "password1", "displayName")]
    [InlineData("valid_handle", "Name", "not-an-email", "US", "password1", "email")]
    [InlineData("valid_handle", "Name", "a@example.com", "XX", "password1", "country")]
    [InlineData("valid_handle", "Name", "a@example.com", "USA", "password1", "country")]
    [InlineData("valid_handle", "Name", "a@example.com", "US", "short", "password")]
    public async Task Bad_input_answers_400_naming_the_field(string? handle, string? displayName, string? email, string? country, string? password, string field)
    {
        using var response = await api.Client.PostAsJsonAsync("/api/users",
            new CreateUserRequest(handle, displayName, email, country, password), TestContext.Current.CancellationToken);

        await response.AssertInvalidFieldAsync(field);
        Assert.Equal(0, await api.CountAsync("users"));
    }

    [Fact]
    public async Task Every_bad_field_is_reported_at_once()
    {
        using var response = await api.Client.PostAsJsonAsync("/api/users", new CreateUserRequest(null, null, null, null, null), TestContext.Current.CancellationToken);

        var errors = await response.AssertInvalidFieldsAsync("handle", "displayName", "email", "country", "password");
        Assert.All(errors.Values, messages => Assert.Equal(["Required."], messages));
    }

    [Fact]
    public async Task A_body_that_is_not_json_answers_400_problem_details()
    {
        using var content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");
        using var response = await api.Client.PostAsync("/api/users", content, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("ADA", "other@example.com", "handle")]
    [InlineData("someone_else", "ADA@example.com", "email")]
    public async Task A_taken_handle_or_email_answers_409_and_writes_nothing(string handle, string email, string field)
    {
        await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("ada", "Ada", "ada@example.com", "GB", "password1"));

        using var response = await api.Client.PostAsJsonAsync("/api/users", new CreateUserRequest(handle, "Other", email, "US", "password2"), TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(1, await api.CountAsync("users"));
    }

    [Fact]
    public async Task Getting_a_user_counts_followers_and_following()
    {
        var ada = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("ada", "Ada", "ada@example.com", "GB", "password1"));
        var bob = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("bob", "Bob", "bob@example.com", "US", "password1"));
        var cy = await api.PostAsync<UserResponse>("/api/users", new CreateUserRequest("cyrus", "Cy Young", "cy@example.com", "CA", "password1"));
        await api.ExecuteAsync($"insert into follows (follower_id, followee_id) values ({bob.Id}, {ada.Id}), ({cy.Id}, {ada.Id}), ({ada.Id}, {bob.Id})");

        var fetched = await api.Client.GetFromJsonAsync<UserResponse>($"/api/users/{ada.Id}", TestContext.Current.CancellationToken);

        Assert.Equal((2L, 1L), (fetched!.Followers, fetched.Following));
        Assert.Equal(ada.Handle, fetched.Handle);
    }

    [Fact]
    public async Task An_unknown_user_answers_404_problem_details()
    {
        using var response = await api.Client.GetAsync("/api/users/424242", TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("424242", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Pulse.Contracts.Security;
using Pulse.Web.Security;

namespace Pulse.WebTests.Support;

/// <summary>People signed in to the Web, as the cookie holds them.</summary>
public static class TestPeople
{
    public static readonly DateTimeOffset SessionEnd = DateTimeOffset.UtcNow.AddHours(12);

    public static SignedInUser Analyst { get; } = new(7, "ann", Roles.Analyst, "analyst-token-ann", SessionEnd);

    public static SignedInUser OtherAnalyst { get; } = new(8, "bob", Roles.Analyst, "analyst-token-bob", SessionEnd);

    public static SignedInUser Admin { get; } = new(1, "admin", Roles.Admin, "admin-token-root", SessionEnd);
}

/// <summary>The circuit's authentication state, as a test sets it: a person from <see cref="TestPeople"/>, or nobody.</summary>
public sealed class TestAuthenticationState(SignedInUser? user) : AuthenticationStateProvider
{
    private AuthenticationState state = For(user);

    public void SignIn(SignedInUser? user)
    {
        state = For(user);
        NotifyAuthenticationStateChanged(Task.FromResult(state));
    }

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(state);

    private static AuthenticationState For(SignedInUser? user) => new(user?.ToPrincipal() ?? new ClaimsPrincipal(new ClaimsIdentity()));
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Pulse.Api.Security.ApiKeys;
using Pulse.Api.Security.Sessions;
using Pulse.Api.Security.SignIn;
using Pulse.Contracts.Security;

namespace Pulse.Api.Security;

public static class SecurityServiceExtensions
{
    public static IHostApplicationBuilder AddPulseSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PulseSessionOptions>().BindConfiguration(PulseSessionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddHostedService<ApiKeyCacheReset>();
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<SignInThrottle>();

        builder.Services.AddAuthentication(PulseAuth.Scheme)
            .AddPolicyScheme(PulseAuth.Scheme, "API key or session", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(AuthHeaders.ApiKey) ? PulseAuth.ApiKeyScheme : PulseAuth.SessionScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(PulseAuth.ApiKeyScheme, null)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(PulseAuth.SessionScheme, null);

        builder.Services.AddAuthorizationBuilder()
            // Secure by default: an endpoint that says nothing requires a caller.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(PulseAuth.MemberPolicy, policy => policy.RequireAssertion(context => context.User.IsSignedIn()))
            .AddPolicy(PulseAuth.MemberOrAdminPolicy, policy => policy.RequireAssertion(context => context.User.IsSignedIn() || context.User.IsAdmin()))
            .AddPolicy(PulseAuth.AnalystPolicy, policy => policy.RequireAssertion(context => context.User.MayReadAnalytics()))
            .AddPolicy(PulseAuth.AdminPolicy, policy => policy.RequireAssertion(context => context.User.IsAdmin()))
            .AddPolicy(PulseAuth.IngestPolicy, policy => policy.RequireAssertion(context => context.User.MayIngest()));

        return builder;
    }
}

using Pulse.Api.Apis;
using Pulse.Api.Extensions;
using Pulse.Api.Network;
using Pulse.Api.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

// First: everything after sees the client's address (only configured proxies may name it).
app.UsePulseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
// Before authentication: a request whose credentials fail is limited too (and costs no lookup once
// refused). Limits count per client address, and per presented key or token (by hash) or address.
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi().AllowAnonymous();
// The Api is public: only admins read why a store is unhealthy.
app.MapDefaultEndpoints(mayReadDetails: context => context.User.IsAdmin());
app.MapStatusApi();
app.MapUsersApi();
app.MapErasureApi();
app.MapFollowsApi();
app.MapPostsApi();
app.MapAnalyticsApi();
app.MapEventAnalyticsApi();
app.MapFunnelApi();
app.MapSessionsApi();
app.MapKeysApi();
app.MapNotificationsApi();
app.MapCountersApi();
app.MapTrendingApi();
app.MapRealtimeApi();
app.MapReportsApi();
app.MapEventsApi();
app.MapPipelineApi();
app.MapFreshnessApi();
app.MapRolesApi();
app.MapAuditApi();

app.Run();

using Pulse.Api.Apis;
using Pulse.Api.Extensions;
using Pulse.Api.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
// After authentication: limits count per API key or signed-in user, not only per IP.
app.UseRateLimiter();

app.MapOpenApi().AllowAnonymous();
// The Api is public: only admins read why a store is unhealthy.
app.MapDefaultEndpoints(mayReadDetails: context => context.User.IsAdmin());
app.MapStatusApi();
app.MapUsersApi();
app.MapPostsApi();
app.MapAnalyticsApi();
app.MapEventAnalyticsApi();
app.MapSessionsApi();
app.MapKeysApi();
app.MapNotificationsApi();
app.MapCountersApi();
app.MapTrendingApi();
app.MapRealtimeApi();
app.MapReportsApi();
app.MapEventsApi();
app.MapPipelineApi();
app.MapRolesApi();
app.MapAuditApi();

app.Run();

using Pulse.Api.Apis;
using Pulse.Api.Extensions;

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
app.MapDefaultEndpoints();
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

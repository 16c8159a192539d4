using Pulse.Api.Apis;
using Pulse.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapOpenApi();
app.MapDefaultEndpoints();
app.MapStatusApi();
app.MapUsersApi();
app.MapPostsApi();
app.MapAnalyticsApi();
app.MapCountersApi();
app.MapTrendingApi();

app.Run();

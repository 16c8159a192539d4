using Pulse.Ingestor.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

// The Ingestor has no external endpoint: its probes are internal, and read why a group is unhealthy.
app.MapDefaultEndpoints();

app.Run();

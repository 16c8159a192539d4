namespace Pulse.Api.Realtime;

/// <summary>What the trending endpoint needs, injected together ([AsParameters]).</summary>
public sealed record TrendingServices(TrendingBoard Board, PostDetailsCache Posts);

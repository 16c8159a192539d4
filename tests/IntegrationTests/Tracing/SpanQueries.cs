using System.Diagnostics;

namespace Pulse.IntegrationTests.Tracing;

/// <summary>Reading the trees the <see cref="SpanCollector"/> gathered.</summary>
public static class SpanQueries
{
    /// <summary>What the AppHost sets for every service it runs: a sampler that, alone, would record every span whatever its parent.</summary>
    public static Dictionary<string, string?> AsTheAppHostRunsThem(Dictionary<string, string?>? settings = null) =>
        new(settings ?? []) { ["OTEL_TRACES_SAMPLER"] = "always_on" };

    public static bool IsRoot(Activity span) => span.ParentSpanId == default;

    public static bool IsDatabase(Activity span, string system) =>
        span.Kind == ActivityKind.Client && ((span.GetTagItem("db.system") ?? span.GetTagItem("db.system.name")) as string) == system;

    public static IEnumerable<Activity> ChildrenOf(this SpanCollector collector, Activity parent) =>
        collector.Spans.Where(span => span.ParentSpanId == parent.SpanId && span.TraceId == parent.TraceId);

    public static IEnumerable<Activity> ChildrenOf(this SpanCollector collector, string name, Activity parent) =>
        collector.ChildrenOf(parent).Where(span => span.DisplayName == name);

    public static Activity OnlyOne(this SpanCollector collector, Func<Activity, bool> match, string what)
    {
        var found = collector.Spans.Where(match).ToList();
        Assert.True(found.Count == 1, $"Expected one span for {what}; found {found.Count}. Spans: {Describe(collector.Spans)}");
        return found[0];
    }

    public static string Describe(IEnumerable<Activity> spans) =>
        string.Join("; ", spans.GroupBy(span => $"{span.Source.Name}/{span.Kind}/{span.DisplayName}").Select(group => $"{group.Key} x{group.Count()}"));
}

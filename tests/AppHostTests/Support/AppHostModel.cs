using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Pulse.AppHostTests.Support;

/// <summary>Builds the AppHost's model, as Program.cs makes it, without starting anything.</summary>
internal static class AppHostModel
{
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.Pulse_AppHost>(args, TestContext.Current.CancellationToken);

    public static T Resource<T>(this IDistributedApplicationTestingBuilder builder, string name) where T : IResource =>
        Assert.IsType<T>(Assert.Single(builder.Resources, resource => resource.Name == name), exactMatch: false);

    public static IEnumerable<string> ReferencedNames(this IResource resource) =>
        resource.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(relationship => relationship.Type == "Reference")
            .Select(relationship => relationship.Resource.Name);

    public static IEnumerable<string> AwaitedNames(this IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>().Select(wait => wait.Resource.Name);

    /// <summary>The environment the resource gets in run mode, values rendered as strings.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> EnvironmentAsync(this IResource resource)
    {
        var environment = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource, environment, TestContext.Current.CancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }
        return environment.ToDictionary(pair => pair.Key, pair => pair.Value.ToString() ?? "");
    }

    public static async Task<IReadOnlyList<string>> ArgumentsAsync(this IResource resource)
    {
        var args = new List<object>();
        var context = new CommandLineArgsCallbackContext(args, TestContext.Current.CancellationToken);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }
        return args.Select(arg => arg.ToString() ?? "").ToList();
    }
}

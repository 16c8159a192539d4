using Aspire.Hosting.ApplicationModel;

namespace Pulse.AppHost.Hosting.MongoDB;

/// <summary>A MongoDB server, in a container or a local process, that databases can be added to.</summary>
public interface IMongoDBServerResource : IResourceWithConnectionString
{
    /// <summary>The server's connection string with <paramref name="databaseName"/> as its path.</summary>
    ReferenceExpression BuildConnectionString(string databaseName);
}

using Aspire.Hosting.ApplicationModel;

namespace Pulse.AppHost.Hosting.MongoDB;

/// <summary>A database on a MongoDB server; referencing it gives a connection string whose path names it.</summary>
public sealed class MongoDBDatabaseResource(string name, string databaseName, IMongoDBServerResource parent)
    : Resource(name), IResourceWithParent<IMongoDBServerResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public IMongoDBServerResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression => Parent.BuildConnectionString(DatabaseName);
}

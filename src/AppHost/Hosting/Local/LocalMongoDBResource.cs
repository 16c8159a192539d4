using Aspire.Hosting.ApplicationModel;
using Pulse.AppHost.Hosting.MongoDB;

namespace Pulse.AppHost.Hosting.Local;

/// <summary>
/// A <c>mongod</c> found on PATH (local mode). It listens on loopback only and runs without
/// authentication, as a developer's own <c>mongod</c> usually does.
/// </summary>
public sealed class LocalMongoDBResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IMongoDBServerResource
{
    public const string PrimaryEndpointName = "tcp";

    private EndpointReference? primaryEndpoint;

    public EndpointReference PrimaryEndpoint => primaryEndpoint ??= new(this, PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"mongodb://{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");

    public ReferenceExpression BuildConnectionString(string databaseName) => ReferenceExpression.Create(
        $"{ConnectionStringExpression}/{Uri.EscapeDataString(databaseName)}");
}

using Aspire.Hosting.ApplicationModel;

namespace Pulse.AppHost.Hosting.MongoDB;

/// <summary>
/// A MongoDB server in a container, as Aspire's official <c>Aspire.Hosting.MongoDB</c> models it
/// (that package is not served to these machines): endpoint <c>tcp</c> on 27017, root user <c>admin</c>
/// with a generated password, SCRAM-SHA-256 against the <c>admin</c> database.
/// </summary>
public sealed class MongoDBServerResource(string name, ParameterResource password)
    : ContainerResource(name), IMongoDBServerResource
{
    public const string PrimaryEndpointName = "tcp";
    public const int DefaultPort = 27017;
    public const string RootUserName = "admin";

    private EndpointReference? primaryEndpoint;

    public EndpointReference PrimaryEndpoint => primaryEndpoint ??= new(this, PrimaryEndpointName);

    public ParameterResource PasswordParameter { get; } = password;

    public ReferenceExpression ConnectionStringExpression => Build(databasePath: null);

    public ReferenceExpression BuildConnectionString(string databaseName) => Build(Uri.EscapeDataString(databaseName));

    private ReferenceExpression Build(string? databasePath)
    {
        var builder = new ReferenceExpressionBuilder();
        builder.Append($"mongodb://{RootUserName}:{PasswordParameter:uri}@{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
        if (databasePath is not null)
        {
            builder.AppendLiteral("/");
            builder.AppendLiteral(databasePath);
        }
        builder.AppendLiteral("?authSource=admin&authMechanism=SCRAM-SHA-256");
        return builder.Build();
    }
}

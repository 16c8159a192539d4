using Aspire.Hosting.ApplicationModel;

namespace Pulse.AppHost.Hosting.Local;

/// <summary>
/// A PostgreSQL server run from the machine's own binaries (local mode). Its connection string has
/// the same shape as Aspire's container resource, so <c>WithReference</c> and the Npgsql client
/// integration work unchanged.
/// </summary>
public sealed class LocalPostgresServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";
    public const string UserName = "postgres";

    private EndpointReference? primaryEndpoint;

    public EndpointReference PrimaryEndpoint => primaryEndpoint ??= new(this, PrimaryEndpointName);

    public ParameterResource PasswordParameter { get; } = password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");
}

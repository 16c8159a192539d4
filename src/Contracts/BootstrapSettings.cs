namespace Pulse.Contracts;

/// <summary>
/// The first admin key and account, which the AppHost hands the migration service as secret
/// parameters and the migration service adds when absent.
/// </summary>
public static class BootstrapSettings
{
    public const string SectionName = "Pulse:Bootstrap";

    /// <summary>An admin API key (at least 24 characters) stored like any other key: rotate it by setting a new one and revoking the old.</summary>
    public const string AdminKeyKey = SectionName + ":AdminKey";

    /// <summary>The first admin account's handle (default <see cref="DefaultAdminHandle"/>).</summary>
    public const string AdminHandleKey = SectionName + ":AdminHandle";

    /// <summary>The first admin account's password, used only when the account is created.</summary>
    public const string AdminPasswordKey = SectionName + ":AdminPassword";

    public const string DefaultAdminHandle = "admin";

    /// <summary>
    /// Whether the deployment has an events database (MongoDB): <see cref="EventsDatabasePresent"/> or
    /// <see cref="EventsDatabaseAbsent"/>, set by the AppHost. Without one the migration service retires
    /// the <c>eventlog</c> consumer group, in the deployment's name (<see cref="DeploymentActor"/>), and
    /// resumes it when one is there again; a group an operator retired is left to the operator.
    /// </summary>
    public const string EventsDatabaseKey = SectionName + ":EventsDatabase";

    public const string EventsDatabasePresent = "present";

    public const string EventsDatabaseAbsent = "absent";

    /// <summary>Who the audit log and the Pipeline page name for a decision the deployment's definition made.</summary>
    public const string DeploymentActor = "pulse-apphost";
}

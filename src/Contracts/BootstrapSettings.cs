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
}

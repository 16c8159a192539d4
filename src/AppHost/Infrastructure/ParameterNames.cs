namespace Pulse.AppHost.Infrastructure;

/// <summary>The AppHost's own parameters (the databases' passwords are named by their resources).</summary>
public static class ParameterNames
{
    /// <summary>The bootstrap admin API key, which the migration step stores like any other key (and the simulator sends).</summary>
    public const string AdminKey = "pulse-admin-key";

    /// <summary>The password of the first admin account (<c>admin</c>), which the migration step creates when absent.</summary>
    public const string AdminPassword = "pulse-admin-password";

    /// <summary>The secret salt of anonymised users' pseudonyms (the Ingestor's <c>Pulse:Erasure:PseudonymSalt</c>).</summary>
    public const string PseudonymSalt = "pulse-pseudonym-salt";
}

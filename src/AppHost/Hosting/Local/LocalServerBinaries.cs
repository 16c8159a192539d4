namespace Pulse.AppHost.Hosting.Local;

/// <summary>Where this machine keeps the database servers local mode runs, if it has them.</summary>
/// <param name="PostgresBinDirectory">The folder holding <c>postgres</c>, <c>initdb</c>, <c>pg_isready</c> and <c>psql</c>.</param>
/// <param name="RedisServer">The <c>redis-server</c> executable.</param>
/// <param name="Mongod">The <c>mongod</c> executable, when one is on PATH.</param>
public sealed record LocalServerBinaries(string? PostgresBinDirectory, string? RedisServer, string? Mongod)
{
    /// <summary>Debian's packages that provide what is missing.</summary>
    public IReadOnlyList<string> MissingDebianPackages =>
    [
        .. PostgresBinDirectory is null ? ["postgresql"] : Array.Empty<string>(),
        .. RedisServer is null ? ["redis-server"] : Array.Empty<string>(),
    ];

    public static LocalServerBinaries Find(string? path = null, string postgresRoot = "/usr/lib/postgresql")
    {
        var searchPath = (path ?? Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

        return new LocalServerBinaries(
            FindPostgresBinDirectory(searchPath, postgresRoot),
            FindOnPath(searchPath, "redis-server"),
            FindOnPath(searchPath, "mongod"));
    }

    /// <summary>
    /// Debian installs PostgreSQL under /usr/lib/postgresql/VERSION/bin, off PATH; a PATH entry
    /// with both <c>postgres</c> and <c>initdb</c> wins, then the newest Debian version.
    /// </summary>
    private static string? FindPostgresBinDirectory(IEnumerable<string> searchPath, string postgresRoot)
    {
        var fromPath = FindOnPath(searchPath, "postgres");
        if (fromPath is not null)
        {
            var directory = Path.GetDirectoryName(ResolveLink(fromPath))!;
            if (IsPostgresBinDirectory(directory))
            {
                return directory;
            }
        }

        if (!Directory.Exists(postgresRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(postgresRoot)
            .Select(version => (Version: int.TryParse(Path.GetFileName(version), out var number) ? number : -1, Bin: Path.Combine(version, "bin")))
            .Where(candidate => candidate.Version >= 0 && IsPostgresBinDirectory(candidate.Bin))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    private static readonly string[] PostgresTools = ["postgres", "initdb", "pg_isready", "psql"];

    private static bool IsPostgresBinDirectory(string directory) =>
        PostgresTools.All(tool => File.Exists(Path.Combine(directory, tool)));

    private static string? FindOnPath(IEnumerable<string> searchPath, string executable) =>
        searchPath.Select(directory => Path.Combine(directory, executable)).FirstOrDefault(File.Exists);

    private static string ResolveLink(string file) =>
        new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;
}

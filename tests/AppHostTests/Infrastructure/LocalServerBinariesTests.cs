using Pulse.AppHost.Hosting.Local;

namespace Pulse.AppHostTests.Infrastructure;

public sealed class LocalServerBinariesTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("pulse-binaries-");

    [Fact]
    public void Finds_the_newest_debian_postgres_and_redis_on_path()
    {
        Tools("postgresql/13/bin", "postgres", "initdb", "pg_isready", "psql");
        var newest = Tools("postgresql/15/bin", "postgres", "initdb", "pg_isready", "psql");
        var bin = Tools("bin", "redis-server");

        var binaries = LocalServerBinaries.Find(path: bin, postgresRoot: Path.Combine(root.FullName, "postgresql"));

        Assert.Equal(newest, binaries.PostgresBinDirectory);
        Assert.Equal(Path.Combine(bin, "redis-server"), binaries.RedisServer);
        Assert.Null(binaries.Mongod);
        Assert.Empty(binaries.MissingDebianPackages);
    }

    [Fact]
    public void A_postgres_folder_without_initdb_does_not_count()
    {
        Tools("postgresql/16/bin", "postgres", "psql");

        var binaries = LocalServerBinaries.Find(path: "", postgresRoot: Path.Combine(root.FullName, "postgresql"));

        Assert.Null(binaries.PostgresBinDirectory);
    }

    [Fact]
    public void Postgres_on_path_wins_and_mongod_is_found_there()
    {
        var bin = Tools("opt/pg/bin", "postgres", "initdb", "pg_isready", "psql", "mongod");

        var binaries = LocalServerBinaries.Find(path: bin, postgresRoot: Path.Combine(root.FullName, "none"));

        Assert.Equal(bin, binaries.PostgresBinDirectory);
        Assert.Equal(Path.Combine(bin, "mongod"), binaries.Mongod);
    }

    [Fact]
    public void Names_the_debian_packages_for_what_is_missing()
    {
        var binaries = LocalServerBinaries.Find(path: "", postgresRoot: Path.Combine(root.FullName, "none"));

        Assert.Equal(["postgresql", "redis-server"], binaries.MissingDebianPackages);
    }

    private string Tools(string folder, params string[] names)
    {
        var directory = Directory.CreateDirectory(Path.Combine(root.FullName, folder)).FullName;
        foreach (var name in names)
        {
            File.WriteAllText(Path.Combine(directory, name), "");
        }
        return directory;
    }

    public void Dispose() => root.Delete(recursive: true);
}

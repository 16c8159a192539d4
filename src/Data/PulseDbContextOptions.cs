using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Pulse.Data;

public static class PulseDbContextOptions
{
    /// <summary>Npgsql with snake_case names and this assembly's migrations: every user of the model configures it so.</summary>
    public static DbContextOptionsBuilder<PulseDbContext> UsePulsePostgres(this DbContextOptionsBuilder<PulseDbContext> options, NpgsqlDataSource dataSource)
    {
        options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly)).UseSnakeCaseNamingConvention();
        return options;
    }

    public static DbContextOptionsBuilder<PulseDbContext> UsePulsePostgres(this DbContextOptionsBuilder<PulseDbContext> options, string connectionString)
    {
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly)).UseSnakeCaseNamingConvention();
        return options;
    }

    /// <summary>The same, for registration APIs that hand out a non-generic builder (AddDbContextPool).</summary>
    public static DbContextOptionsBuilder UsePulsePostgres(this DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly)).UseSnakeCaseNamingConvention();

    private static string MigrationsAssembly => typeof(PulseDbContext).Assembly.GetName().Name!;
}

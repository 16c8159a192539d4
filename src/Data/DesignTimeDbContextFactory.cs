using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Pulse.Data;

/// <summary>
/// For <c>dotnet ef migrations add</c>: builds the model without a running database
/// (the connection string is never opened when only generating a migration).
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PulseDbContext>
{
    public PulseDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PulseDbContext>()
            .UsePulsePostgres("Host=localhost;Database=pulse;Username=postgres")
            .Options);
}

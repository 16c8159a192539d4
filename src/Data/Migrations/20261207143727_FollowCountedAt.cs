using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pulse.Data.Migrations
{
    /// <inheritdoc />
    public partial class FollowCountedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "counted_at",
                table: "follows",
                type: "timestamp with time zone",
                nullable: true);

            // Follows made before follows were counted once each were counted (or seeded) when made.
            migrationBuilder.Sql("update follows set counted_at = created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "counted_at",
                table: "follows");
        }
    }
}

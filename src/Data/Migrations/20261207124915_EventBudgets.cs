using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pulse.Data.Migrations
{
    /// <inheritdoc />
    public partial class EventBudgets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "events_per_minute",
                table: "api_keys",
                type: "integer",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_api_keys_events_per_minute",
                table: "api_keys",
                sql: "events_per_minute > 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_api_keys_events_per_minute",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "events_per_minute",
                table: "api_keys");
        }
    }
}

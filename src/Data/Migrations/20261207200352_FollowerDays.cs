using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pulse.Data.Migrations
{
    /// <inheritdoc />
    public partial class FollowerDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "user_follower_days",
                columns: table => new
                {
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    gained = table.Column<long>(type: "bigint", nullable: false),
                    lost = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_follower_days", x => new { x.user_id, x.day });
                    table.CheckConstraint("ck_user_follower_days_gained_non_negative", "gained >= 0");
                    table.CheckConstraint("ck_user_follower_days_lost_non_negative", "lost >= 0");
                    table.ForeignKey(
                        name: "fk_user_follower_days_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_user_follower_days_day",
                table: "user_follower_days",
                column: "day");

            migrationBuilder.Sql(FollowerDayTriggers.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(FollowerDayTriggers.Drop);

            migrationBuilder.DropTable(
                name: "user_follower_days");
        }
    }
}

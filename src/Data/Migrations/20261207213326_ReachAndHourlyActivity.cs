using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pulse.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReachAndHourlyActivity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "reach",
                table: "post_stats",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "post_viewers",
                columns: table => new
                {
                    post_id = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    first_viewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_post_viewers", x => new { x.post_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_post_viewers_posts_post_id",
                        column: x => x.post_id,
                        principalTable: "posts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_post_viewers_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_hourly_activity",
                columns: table => new
                {
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    hour = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    events = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_hourly_activity", x => new { x.user_id, x.hour });
                    table.CheckConstraint("ck_user_hourly_activity_events_non_negative", "events >= 0");
                    table.ForeignKey(
                        name: "fk_user_hourly_activity_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_post_stats_reach_non_negative",
                table: "post_stats",
                sql: "reach >= 0");

            migrationBuilder.CreateIndex(
                name: "ix_post_viewers_user_id",
                table: "post_viewers",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_hourly_activity_hour",
                table: "user_hourly_activity",
                column: "hour")
                .Annotation("Npgsql:IndexInclude", new[] { "user_id", "events" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "post_viewers");

            migrationBuilder.DropTable(
                name: "user_hourly_activity");

            migrationBuilder.DropCheckConstraint(
                name: "ck_post_stats_reach_non_negative",
                table: "post_stats");

            migrationBuilder.DropColumn(
                name: "reach",
                table: "post_stats");
        }
    }
}

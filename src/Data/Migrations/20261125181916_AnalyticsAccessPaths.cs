using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pulse.Data.Migrations
{
    /// <inheritdoc />
    public partial class AnalyticsAccessPaths : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_post_daily_stats_day",
                table: "post_daily_stats");

            // Added empty, filled from the posts, then required: a database that already holds
            // daily rows keeps them, each with its post's author.
            migrationBuilder.AddColumn<long>(
                name: "author_id",
                table: "post_daily_stats",
                type: "bigint",
                nullable: true);
            migrationBuilder.Sql("""
                update post_daily_stats d set author_id = p.author_id from posts p where p.id = d.post_id;
                alter table post_daily_stats alter column author_id set not null;
                """);

            migrationBuilder.CreateTable(
                name: "user_follow_counts",
                columns: table => new
                {
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    followers = table.Column<long>(type: "bigint", nullable: false),
                    following = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_follow_counts", x => x.user_id);
                    table.CheckConstraint("ck_user_follow_counts_followers_non_negative", "followers >= 0");
                    table.CheckConstraint("ck_user_follow_counts_following_non_negative", "following >= 0");
                    table.ForeignKey(
                        name: "fk_user_follow_counts_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql(FollowCountTriggers.Create);

            migrationBuilder.CreateIndex(
                name: "ix_post_daily_stats_author_id_day",
                table: "post_daily_stats",
                columns: new[] { "author_id", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_post_daily_stats_day",
                table: "post_daily_stats",
                column: "day")
                .Annotation("Npgsql:IndexInclude", new[] { "post_id", "author_id", "views", "likes", "comments", "shares" });

            migrationBuilder.CreateIndex(
                name: "ix_user_follow_counts_followers_user_id",
                table: "user_follow_counts",
                columns: new[] { "followers", "user_id" },
                descending: new[] { true, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(FollowCountTriggers.Drop);

            migrationBuilder.DropTable(
                name: "user_follow_counts");

            migrationBuilder.DropIndex(
                name: "ix_post_daily_stats_author_id_day",
                table: "post_daily_stats");

            migrationBuilder.DropIndex(
                name: "ix_post_daily_stats_day",
                table: "post_daily_stats");

            migrationBuilder.DropColumn(
                name: "author_id",
                table: "post_daily_stats");

            migrationBuilder.CreateIndex(
                name: "ix_post_daily_stats_day",
                table: "post_daily_stats",
                column: "day")
                .Annotation("Npgsql:IndexInclude", new[] { "post_id", "views", "likes", "comments", "shares" });
        }
    }
}

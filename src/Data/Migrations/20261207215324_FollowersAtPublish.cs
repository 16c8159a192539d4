using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pulse.Data.Migrations
{
    /// <inheritdoc />
    public partial class FollowersAtPublish : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "followers_at_publish",
                table: "posts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // Posts made before: the follows of their author that still exist and were made before
            // the post (a follow removed since was never recorded with its time).
            migrationBuilder.Sql("""
                update posts p
                set followers_at_publish = (
                    select count(*) from follows f
                    where f.followee_id = p.author_id and f.created_at <= p.created_at)
                """);

            migrationBuilder.AddCheckConstraint(
                name: "ck_posts_followers_at_publish_non_negative",
                table: "posts",
                sql: "followers_at_publish >= 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_posts_followers_at_publish_non_negative",
                table: "posts");

            migrationBuilder.DropColumn(
                name: "followers_at_publish",
                table: "posts");
        }
    }
}

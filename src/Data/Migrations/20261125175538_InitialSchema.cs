using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pulse.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    secret_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    scope = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                    table.CheckConstraint("ck_api_keys_hash_length", "octet_length(secret_hash) = 32");
                    table.CheckConstraint("ck_api_keys_scope", "scope in ('ingest', 'admin')");
                });

            migrationBuilder.CreateTable(
                name: "ingested_events",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    ingested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ingested_events", x => x.event_id);
                });

            migrationBuilder.CreateTable(
                name: "seed_runs",
                columns: table => new
                {
                    scale = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    random_seed = table.Column<int>(type: "integer", nullable: false),
                    users = table.Column<int>(type: "integer", nullable: false),
                    posts = table.Column<int>(type: "integer", nullable: false),
                    follows = table.Column<int>(type: "integer", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_seed_runs", x => x.scale);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    handle = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    display_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    country = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: false),
                    password_hash = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                    table.CheckConstraint("ck_users_country_format", "country ~ '^[A-Z]{2}$'");
                    table.CheckConstraint("ck_users_email_lower", "email = lower(email)");
                    table.CheckConstraint("ck_users_handle_format", "handle ~ '^[a-z0-9_]{3,30}$'");
                });

            migrationBuilder.CreateTable(
                name: "follows",
                columns: table => new
                {
                    follower_id = table.Column<long>(type: "bigint", nullable: false),
                    followee_id = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_follows", x => new { x.follower_id, x.followee_id });
                    table.CheckConstraint("ck_follows_not_self", "follower_id <> followee_id");
                    table.ForeignKey(
                        name: "fk_follows_users_followee_id",
                        column: x => x.followee_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_follows_users_follower_id",
                        column: x => x.follower_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "posts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    author_id = table.Column<long>(type: "bigint", nullable: false),
                    content = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    tags = table.Column<string[]>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_posts", x => x.id);
                    table.CheckConstraint("ck_posts_content_length", "char_length(content) between 1 and 2000");
                    table.CheckConstraint("ck_posts_tags_count", "cardinality(tags) <= 10");
                    table.ForeignKey(
                        name: "fk_posts_users_author_id",
                        column: x => x.author_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_daily_activity",
                columns: table => new
                {
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    events = table.Column<long>(type: "bigint", nullable: false),
                    post_views = table.Column<long>(type: "bigint", nullable: false),
                    likes = table.Column<long>(type: "bigint", nullable: false),
                    comments = table.Column<long>(type: "bigint", nullable: false),
                    shares = table.Column<long>(type: "bigint", nullable: false),
                    follows = table.Column<long>(type: "bigint", nullable: false),
                    sessions = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_daily_activity", x => new { x.user_id, x.day });
                    table.CheckConstraint("ck_user_daily_activity_comments_non_negative", "comments >= 0");
                    table.CheckConstraint("ck_user_daily_activity_events_non_negative", "events >= 0");
                    table.CheckConstraint("ck_user_daily_activity_follows_non_negative", "follows >= 0");
                    table.CheckConstraint("ck_user_daily_activity_likes_non_negative", "likes >= 0");
                    table.CheckConstraint("ck_user_daily_activity_post_views_non_negative", "post_views >= 0");
                    table.CheckConstraint("ck_user_daily_activity_sessions_non_negative", "sessions >= 0");
                    table.CheckConstraint("ck_user_daily_activity_shares_non_negative", "shares >= 0");
                    table.ForeignKey(
                        name: "fk_user_daily_activity_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "post_daily_stats",
                columns: table => new
                {
                    post_id = table.Column<long>(type: "bigint", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    views = table.Column<long>(type: "bigint", nullable: false),
                    likes = table.Column<long>(type: "bigint", nullable: false),
                    comments = table.Column<long>(type: "bigint", nullable: false),
                    shares = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_post_daily_stats", x => new { x.post_id, x.day });
                    table.CheckConstraint("ck_post_daily_stats_comments_non_negative", "comments >= 0");
                    table.CheckConstraint("ck_post_daily_stats_likes_non_negative", "likes >= 0");
                    table.CheckConstraint("ck_post_daily_stats_shares_non_negative", "shares >= 0");
                    table.CheckConstraint("ck_post_daily_stats_views_non_negative", "views >= 0");
                    table.ForeignKey(
                        name: "fk_post_daily_stats_posts_post_id",
                        column: x => x.post_id,
                        principalTable: "posts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "post_stats",
                columns: table => new
                {
                    post_id = table.Column<long>(type: "bigint", nullable: false),
                    views = table.Column<long>(type: "bigint", nullable: false),
                    likes = table.Column<long>(type: "bigint", nullable: false),
                    comments = table.Column<long>(type: "bigint", nullable: false),
                    shares = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_post_stats", x => x.post_id);
                    table.CheckConstraint("ck_post_stats_comments_non_negative", "comments >= 0");
                    table.CheckConstraint("ck_post_stats_likes_non_negative", "likes >= 0");
                    table.CheckConstraint("ck_post_stats_shares_non_negative", "shares >= 0");
                    table.CheckConstraint("ck_post_stats_views_non_negative", "views >= 0");
                    table.ForeignKey(
                        name: "fk_post_stats_posts_post_id",
                        column: x => x.post_id,
                        principalTable: "posts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_secret_hash",
                table: "api_keys",
                column: "secret_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_follows_followee_id_follower_id",
                table: "follows",
                columns: new[] { "followee_id", "follower_id" });

            migrationBuilder.CreateIndex(
                name: "ix_ingested_events_ingested_at",
                table: "ingested_events",
                column: "ingested_at");

            migrationBuilder.CreateIndex(
                name: "ix_post_daily_stats_day",
                table: "post_daily_stats",
                column: "day")
                .Annotation("Npgsql:IndexInclude", new[] { "post_id", "views", "likes", "comments", "shares" });

            migrationBuilder.CreateIndex(
                name: "ix_posts_author_id_created_at_id",
                table: "posts",
                columns: new[] { "author_id", "created_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_users_email",
                table: "users",
                column: "email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_handle",
                table: "users",
                column: "handle",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "follows");

            migrationBuilder.DropTable(
                name: "ingested_events");

            migrationBuilder.DropTable(
                name: "post_daily_stats");

            migrationBuilder.DropTable(
                name: "post_stats");

            migrationBuilder.DropTable(
                name: "seed_runs");

            migrationBuilder.DropTable(
                name: "user_daily_activity");

            migrationBuilder.DropTable(
                name: "posts");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}

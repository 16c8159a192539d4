using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pulse.Data.Migrations
{
    /// <inheritdoc />
    public partial class ErasureJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_users_handle_format",
                table: "users");

            migrationBuilder.CreateTable(
                name: "erasure_jobs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    step = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    waiting = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    requested_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    marked_at_ms = table.Column<long>(type: "bigint", nullable: true),
                    pseudonym = table.Column<long>(type: "bigint", nullable: true),
                    receipt = table.Column<string>(type: "jsonb", nullable: false),
                    lease_owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    lease_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_erasure_jobs", x => x.id);
                    table.CheckConstraint("ck_erasure_jobs_mode", "mode in ('erase', 'anonymise')");
                    table.CheckConstraint("ck_erasure_jobs_state", "state in ('pending', 'running', 'completed')");
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_handle_format",
                table: "users",
                sql: "handle ~ '^[a-z0-9_]{3,30}$' or (id < 0 and handle ~ '^anon-[0-9a-f]{16}$')");

            migrationBuilder.CreateIndex(
                name: "ix_erasure_jobs_state",
                table: "erasure_jobs",
                column: "state",
                filter: "state <> 'completed'");

            migrationBuilder.CreateIndex(
                name: "ix_erasure_jobs_user_unfinished",
                table: "erasure_jobs",
                column: "user_id",
                unique: true,
                filter: "state <> 'completed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "erasure_jobs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_users_handle_format",
                table: "users");

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_handle_format",
                table: "users",
                sql: "handle ~ '^[a-z0-9_]{3,30}$'");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lewel.Data.Migrations
{
    /// <inheritdoc />
    public partial class UniqueIdempotencyKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LaunchKeys",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LaunchKeys", x => x.Key);
                });

            // Keys stored before this table existed keep working; their request is unknown, so any repeat matches.
            migrationBuilder.Sql("""
                INSERT INTO "LaunchKeys" ("Key", "RequestHash", "CreatedAt")
                SELECT "LaunchKey", '', MIN("CreatedAt") FROM "Runs" WHERE "LaunchKey" IS NOT NULL GROUP BY "LaunchKey";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LaunchKeys");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lewel.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RunForkStep : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ForkStep",
                table: "Runs",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ForkStep",
                table: "Runs");
        }
    }
}

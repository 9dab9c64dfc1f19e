using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lewel.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunPlacementRequest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "GpuIndex",
                table: "Runs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ShareGpu",
                table: "Runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Worker",
                table: "Runs",
                type: "TEXT",
                maxLength: 256,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "GpuIndex",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "ShareGpu",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "Worker",
                table: "Runs");
        }
    }
}

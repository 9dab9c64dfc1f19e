using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lewel.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunPriority : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Priority",
                table: "Runs",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Normal"); // runs stored before priorities existed wait at the normal level
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Priority",
                table: "Runs");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lewel.Data.Migrations
{
    /// <summary>Runs stored before official MoCo v2 existed: their "mocov2" was the symmetric variant now called
    /// "mocov2plus". The same rule as the engine's StoredConfigCompatibility (a mocov2 configuration without
    /// moco.bnSplits is an old one) renames the method column and the stored configuration, so lists, filters and
    /// clones show what those runs were. Down reverses exactly these rows: a configuration written since carries
    /// moco.bnSplits.</summary>
    public partial class MocoV2PlusRename : Migration
    {
        private const string OldMocoRows = "json_extract(ConfigJson, '$.moco.bnSplits') IS NULL";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                $"""
                UPDATE Runs SET Method = 'mocov2plus', ConfigJson = json_set(ConfigJson, '$.method', 'mocov2plus')
                WHERE Method = 'mocov2' AND json_valid(ConfigJson) AND {OldMocoRows};
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                $"""
                UPDATE Runs SET Method = 'mocov2', ConfigJson = json_set(ConfigJson, '$.method', 'mocov2')
                WHERE Method = 'mocov2plus' AND json_valid(ConfigJson) AND {OldMocoRows};
                """);
        }
    }
}

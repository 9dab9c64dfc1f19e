using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lewel.Data.Migrations
{
    /// <summary>Rebuilds the metric table as a WITHOUT ROWID table, clustered on its key (run, name, step). A chart
    /// reads one series in step order; in a rowid table each row found through the key's index was then looked up in
    /// the table a second time, which made SQLite's own share of reading 100,000 steps of ten series 4× as long
    /// (bench <c>history-read</c>). The model does not change: EF Core has no notion of WITHOUT ROWID, and
    /// <c>MetricPointStorageTests</c> fails if a later migration rebuilds the table without it. Having no model change,
    /// it has no target-model file either.</summary>
    [DbContext(typeof(LewelDbContext))]
    [Migration("20261203091500_MetricPointsWithoutRowId")]
    public class MetricPointsWithoutRowId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => Rebuild(migrationBuilder, "WITHOUT ROWID");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => Rebuild(migrationBuilder, "");

        private static void Rebuild(MigrationBuilder migrationBuilder, string tableOptions)
        {
            migrationBuilder.Sql(
                $"""
                CREATE TABLE "MetricPoints_rebuilt" (
                    "RunId" INTEGER NOT NULL,
                    "Name" TEXT NOT NULL,
                    "Step" INTEGER NOT NULL,
                    "Epoch" INTEGER NOT NULL,
                    "Value" REAL NULL,
                    "Time" INTEGER NOT NULL,
                    CONSTRAINT "PK_MetricPoints" PRIMARY KEY ("RunId", "Name", "Step"),
                    CONSTRAINT "FK_MetricPoints_Runs_RunId" FOREIGN KEY ("RunId") REFERENCES "Runs" ("Id") ON DELETE CASCADE
                ) {tableOptions};
                INSERT INTO "MetricPoints_rebuilt" ("RunId", "Name", "Step", "Epoch", "Value", "Time")
                    SELECT "RunId", "Name", "Step", "Epoch", "Value", "Time" FROM "MetricPoints";
                DROP TABLE "MetricPoints";
                ALTER TABLE "MetricPoints_rebuilt" RENAME TO "MetricPoints";
                CREATE INDEX "IX_MetricPoints_Name_RunId" ON "MetricPoints" ("Name", "RunId");
                """);
        }
    }
}

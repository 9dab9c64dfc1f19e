using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Data.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lewel.Data.Tests.Stores;

/// <summary>The SQLite metric table is clustered on (run, name, step), which EF Core's model cannot express: these tests
/// fail if a later migration rebuilds it as a rowid table, or if the rebuild loses a point, the index or the cascade.</summary>
public class MetricPointStorageTests
{
    private static readonly DateTime T0 = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task TheMetricTable_IsWithoutRowId_WithItsNameIndex_AndDeletingARunDeletesItsPoints()
    {
        await using var store = await TempStore.CreateAsync();
        await using (var db = await store.Contexts.CreateDbContextAsync())
        {
            Assert.Contains("WITHOUT ROWID", await SqliteStore.ScalarAsync(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'MetricPoints';"));
            Assert.Equal("1", await SqliteStore.ScalarAsync(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'IX_MetricPoints_Name_RunId';"));
        }
        var run = await store.Runs.CreateAsync(Runs.New());
        var kept = await store.Runs.CreateAsync(Runs.New());
        foreach (var id in new[] { run.Id, kept.Id })
        {
            var batch = new RunBatch(id);
            batch.Metrics.Add(new MetricSample("loss", 1, 0, 2.5, T0));
            await store.Writer.WriteAsync(batch, T0);
        }

        Assert.True(await store.Runs.DeleteAsync(run.Id));

        await using var check = await store.Contexts.CreateDbContextAsync();
        Assert.Equal([kept.Id], await check.MetricPoints.Select(m => m.RunId).ToListAsync());
    }

    [Fact]
    public async Task Migrating_AStoreWrittenBeforeTheRebuild_KeepsEveryPoint_InStepOrder()
    {
        await using var store = await TempStore.CreateAsync();
        long runId;
        await using (var db = await store.Contexts.CreateDbContextAsync())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("20261202165955_RunPlacementRequest"); // the last migration before the rebuild
            Assert.DoesNotContain("WITHOUT ROWID", await SqliteStore.ScalarAsync(db, "SELECT sql FROM sqlite_master WHERE name = 'MetricPoints';"));
            await OlderSchema.InsertRunsAsync(db, new Run(Runs.New(), T0));
            runId = long.Parse(await SqliteStore.ScalarAsync(db, "SELECT max(Id) FROM Runs;"), System.Globalization.CultureInfo.InvariantCulture);
            // Written out of step order, a NaN (stored as NULL) among them, and two series interleaved as a recorder writes them.
            var time = new DateTimeOffset(T0).ToUnixTimeMilliseconds();
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO MetricPoints (RunId, Name, Step, Epoch, Value, Time) VALUES ({runId}, 'loss', 3, 1, 0.5, {time + 3000}),
                    ({runId}, 'lr', 1, 0, 0.1, {time + 1000}), ({runId}, 'loss', 1, 0, 2.0, {time + 1000}), ({runId}, 'loss', 2, 0, NULL, {time + 2000});
                """);
            await migrator.MigrateAsync();
        }

        var series = await store.Metrics.SeriesAsync(runId, ["loss", "lr"]);

        Assert.Equal([1, 2, 3], series["loss"].Select(p => p.Step));
        Assert.Equal(2.0, series["loss"][0].Value);
        Assert.True(double.IsNaN(series["loss"][1].Value));
        Assert.Equal((1, 0.5, T0.AddSeconds(3)), (series["loss"][2].Epoch, series["loss"][2].Value, series["loss"][2].Time));
        Assert.Equal([0.1], series["lr"].Select(p => p.Value));
    }
}

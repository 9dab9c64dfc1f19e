using Lewel.Data.Entities;
using Lewel.Data.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lewel.Data.Tests.Stores;

public class MocoV2PlusMigrationTests
{
    private static NewRun Spec(string name, string method, string configJson) =>
        new(name, RunKind.Pretrain, method, configJson, "shapes", "resnet18", 1, "cpu", "cpu", 6);

    [Fact]
    public async Task TheMigration_RenamesOldMocoV2RunsToMocoV2Plus_AndLeavesTheRestAlone()
    {
        await using var store = await TempStore.CreateAsync();
        await using (var db = await store.Contexts.CreateDbContextAsync())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("20261202004027_UniqueIdempotencyKey"); // before the rename
            await OlderSchema.InsertRunsAsync(db,
                new Run(Spec("old moco", "mocov2", """{"method":"mocov2","moco":{"queueSize":4096}}"""), DateTime.UtcNow),
                new Run(Spec("official moco", "mocov2", """{"method":"mocov2","moco":{"queueSize":4096,"bnSplits":8}}"""), DateTime.UtcNow),
                new Run(Spec("byol", "byol", """{"method":"byol","moco":{"queueSize":4096}}"""), DateTime.UtcNow));
            await migrator.MigrateAsync();
        }
        await using var check = await store.Contexts.CreateDbContextAsync();
        var runs = await check.Runs.AsNoTracking().ToDictionaryAsync(r => r.Name);
        Assert.Equal("mocov2plus", runs["old moco"].Method);
        Assert.Contains("\"method\":\"mocov2plus\"", runs["old moco"].ConfigJson);
        Assert.Contains("\"queueSize\":4096", runs["old moco"].ConfigJson);
        Assert.Equal("mocov2", runs["official moco"].Method);
        Assert.Equal("byol", runs["byol"].Method);
    }
}

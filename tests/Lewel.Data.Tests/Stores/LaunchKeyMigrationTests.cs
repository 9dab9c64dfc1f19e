using Lewel.Data.Entities;
using Lewel.Data.Tests.TestSupport;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lewel.Data.Tests.Stores;

/// <summary>The SQLite history only: PostgreSQL's migrations begin after this change.</summary>
public class LaunchKeyMigrationTests
{
    private static NewRun Spec(string name) => new(name, RunKind.Pretrain, "byol", "{}", "shapes", "resnet18", 1, "cpu", "cpu", 6);

    [Fact]
    public async Task TheMigration_KeepsKeysStoredOnRunsBeforeIt_AsMatchingAnyRequest()
    {
        await using var store = await TempStore.CreateAsync();
        await using (var db = await store.Contexts.CreateDbContextAsync())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("20261202003711_Identity"); // back to before the LaunchKeys table
            await OlderSchema.InsertRunsAsync(db, new Run(Spec("old a") with { LaunchKey = "legacy" }, DateTime.UtcNow),
                new Run(Spec("old b") with { LaunchKey = "legacy" }, DateTime.UtcNow));
            await migrator.MigrateAsync();
        }
        var launch = await store.Runs.FindLaunchAsync("legacy");
        Assert.NotNull(launch);
        Assert.Equal(2, launch.Runs.Count);
        Assert.Equal("", launch.EarlierRequestHash);
        Assert.False(launch.IsOtherRequest("any"));
    }
}

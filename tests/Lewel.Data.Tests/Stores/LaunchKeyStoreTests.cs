using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Data.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Lewel.Data.Tests.Stores;

public class LaunchKeyStoreTests
{
    private static NewRun Spec(string name) => new(name, RunKind.Pretrain, "byol", "{}", "shapes", "resnet18", 1, "cpu", "cpu", 6);

    [Fact]
    public async Task CreateLaunch_StoresTheKeyOnce_AndASecondLaunchWithItGetsTheFirstRuns()
    {
        await using var store = await TempStore.CreateAsync();
        var first = await store.Runs.CreateLaunchAsync([Spec("a"), Spec("b")], new LaunchKeyClaim("k1", "hash-1"));
        Assert.True(first.Created);
        Assert.All(first.Runs, r => Assert.Equal("k1", r.LaunchKey));
        Assert.All(first.Runs, r => Assert.Equal($"runs/{r.Id}", r.RunDir));

        var second = await store.Runs.CreateLaunchAsync([Spec("c")], new LaunchKeyClaim("k1", "hash-2"));
        Assert.False(second.Created);
        Assert.Equal(first.Runs.Select(r => r.Id), second.Runs.Select(r => r.Id));
        Assert.True(second.IsOtherRequest("hash-2"));
        Assert.False(second.IsOtherRequest("hash-1"));
        await using var db = await store.Contexts.CreateDbContextAsync();
        Assert.Equal(2, await db.Runs.CountAsync());
    }

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

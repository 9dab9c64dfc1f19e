using Lewel.Data.Entities;
using Lewel.Data.Stores;
using Lewel.Data.Tests.TestSupport;

namespace Lewel.Data.Tests.Stores;

public class StudyStoreTests
{
    /// <summary>SQLite here; <see cref="PostgresStudyStoreTests"/> runs the same tests on PostgreSQL.</summary>
    protected virtual Task<TempStore> CreateStoreAsync() => TempStore.CreateAsync();

    [Fact]
    public async Task AStudyKeepsItsRunsAndSeeds_AndADeletedRunLeavesIt()
    {
        await using var store = await CreateStoreAsync();
        var studies = new StudyStore(store.Contexts);
        var byol = await store.Runs.CreateAsync(Runs.New("b", "byol"));
        var lewel = await store.Runs.CreateAsync(Runs.New("l", "lewel-b"));
        var study = new Study("byol vs lewel-b", "byol", "lewel-b", "shapes", "2 steps", [4], "{}", "{}", "rosalind", DateTime.UtcNow);
        var created = await studies.CreateAsync(study, [new StudyRun(byol.Id, "byol", 4), new StudyRun(lewel.Id, "lewel-b", 4)]);

        var found = (await studies.FindAsync(created.Id))!;
        Assert.Equal([4L], found.Seeds);
        Assert.Equal([(byol.Id, "byol"), (lewel.Id, "lewel-b")], found.Runs.OrderBy(r => r.RunId).Select(r => (r.RunId, r.Method)));
        Assert.Equal([created.Id], await studies.StudiesOfRunAsync(lewel.Id));
        Assert.Single(await studies.ListAsync(), s => s.Id == created.Id);

        Assert.True(await store.Runs.DeleteAsync(byol.Id));
        Assert.Equal([lewel.Id], (await studies.FindAsync(created.Id))!.Runs.Select(r => r.RunId));
    }
}

using Lewel.Data;
using Lewel.Data.Stores;
using Lewel.Web.Runs;
using Lewel.Web.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Lewel.Web.Tests.Runs;

public class RunTableMetricsTests
{
    [Fact]
    public async Task BestAsync_GivesTheLargestKnnAndLinearValuePerRun()
    {
        await using var services = await StoreServices.CreateAsync();
        var first = await services.CreateRunAsync();
        var second = await services.CreateRunAsync("byol");
        var batch = new RunBatch(first.Id);
        batch.Metrics.Add(new MetricSample(RunTableMetrics.KnnTop1, 10, 1, 31.5, DateTime.UtcNow));
        batch.Metrics.Add(new MetricSample(RunTableMetrics.KnnTop1, 20, 2, 35.25, DateTime.UtcNow));
        batch.Metrics.Add(new MetricSample(RunTableMetrics.KnnTop1, 30, 3, 33.0, DateTime.UtcNow));
        batch.Metrics.Add(new MetricSample("loss", 30, 3, 99, DateTime.UtcNow));
        await services.Writer.WriteAsync(batch, DateTime.UtcNow);
        var other = new RunBatch(second.Id);
        other.Metrics.Add(new MetricSample(RunTableMetrics.LinearTop1, 50, 5, 61.0, DateTime.UtcNow));
        await services.Writer.WriteAsync(other, DateTime.UtcNow);

        var table = new RunTableMetrics(services.Service<IDbContextFactory<LewelDbContext>>());
        var best = await table.BestAsync([first.Id, second.Id]);

        Assert.Equal(35.25, best[first.Id][RunTableMetrics.KnnTop1]);
        Assert.False(best[first.Id].ContainsKey("loss"));
        Assert.Equal(61.0, best[second.Id][RunTableMetrics.LinearTop1]);
        Assert.False(best[second.Id].ContainsKey(RunTableMetrics.KnnTop1));
    }

    [Fact]
    public async Task BestAsync_NoRuns_IsEmpty()
    {
        await using var services = await StoreServices.CreateAsync();
        var table = new RunTableMetrics(services.Service<IDbContextFactory<LewelDbContext>>());
        Assert.Empty(await table.BestAsync([]));
    }

    [Fact]
    public async Task BestAsync_CountsTheResultsOfTheRunsEvaluationRuns()
    {
        await using var services = await StoreServices.CreateAsync();
        var parent = await services.CreateRunAsync();
        var child = await services.Runs.CreateAsync(new Lewel.Data.Entities.NewRun("linear of parent", Lewel.Data.Entities.RunKind.Eval, "lewel-b", "{}",
            "shapes:size=16,n=64", "resnet18", 1, "cpu", "cpu", 0) { ParentRunId = parent.Id });
        var batch = new RunBatch(child.Id);
        batch.Metrics.Add(new MetricSample(RunTableMetrics.LinearTop1, 0, 0, 42.5, DateTime.UtcNow));
        await services.Writer.WriteAsync(batch, DateTime.UtcNow);

        var best = await new RunTableMetrics(services.Service<IDbContextFactory<LewelDbContext>>()).BestAsync([parent.Id]);

        Assert.Equal(42.5, best[parent.Id][RunTableMetrics.LinearTop1]);
        Assert.False(best.ContainsKey(child.Id));
    }
}

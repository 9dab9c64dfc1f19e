using System.Text.Json.Nodes;
using Lewel.Cli.Studies;
using Lewel.Engine.Config;
using Lewel.Engine.Studies;

namespace Lewel.Cli.Tests;

public class StudyMarkdownTests
{
    private static StudyPlan Plan(bool randomInit = true) => new("byol", "lewel-b",
        new RunConfig { Dataset = "shapes:size=16,n=48,seed=3", Steps = 200, Device = "cpu" }, [1, 2],
        new StudyEvaluations(["knn", "linear"], 20, 50, false, 256), randomInit);

    [Fact]
    public void Render_HasTheSummaryTableWithTheRandomInitColumnAndOneRowPerSeedAndArm()
    {
        var table = StudyTable.Build("byol", "lewel-b",
        [
            new("byol", 1, "knn.top1", 40), new("lewel-b", 1, "knn.top1", 44), new(StudyTable.RandomInitArm, 1, "knn.top1", 20),
            new("byol", 2, "knn.top1", 42), new("lewel-b", 2, "knn.top1", 45), new(StudyTable.RandomInitArm, 2, "knn.top1", 22),
        ]);
        var markdown = StudyMarkdown.Render(Plan(), table);
        Assert.Contains("| metric | byol | lewel-b | random init | lewel-b − byol (paired) |", markdown);
        // byol [40, 42]: mean 41, s = √2, half width t(0.975, 1) · √2 / √2 = 12.71; difference [4, 3]: mean 3.5, s = 0.707, half width 6.35
        Assert.Contains("| knn.top1 | 41 ± 12.71 [28.29, 53.71] (n=2) | 44.5 ± 6.35 [38.15, 50.85] (n=2) | 21 ± 12.71 [8.29, 33.71] (n=2) | +3.5 ± 6.35 [-2.85, 9.85] (n=2) |", markdown);
        Assert.Contains("| 2 | random init | 22 |", markdown);
        Assert.Contains("- budget: 200 steps", markdown);
        Assert.Contains("kNN (k=20), linear probe (50 epochs)", markdown);
    }

    [Fact]
    public void Render_WithoutResults_SaysSo() =>
        Assert.Contains("No evaluation has finished yet.", StudyMarkdown.Render(Plan(), StudyTable.Build("byol", "lewel-b", [])));

    [Fact]
    public void Differences_NameEachChangedFieldOfThePlan()
    {
        var saved = Plan().ToJson();
        var now = (Plan(randomInit: false) with { Config = Plan().Config with { Steps = 300 } }).ToJson();
        Assert.Equal(["config.steps: 200 → 300", "randomInit: true → false"], StudyPlan.Differences(saved, now));
        Assert.Empty(StudyPlan.Differences(saved, JsonNode.Parse(saved.ToJsonString())!));
    }

    [Fact]
    public void Differences_IgnoreTheFeatureBatch_WhichChangesSpeedNotResults()
    {
        var saved = Plan().ToJson();
        var now = (Plan() with { Evaluations = Plan().Evaluations with { BatchSize = null } }).ToJson();
        Assert.Empty(StudyPlan.Differences(saved, now));
        var other = (Plan() with { Evaluations = Plan().Evaluations with { KnnK = 200 } }).ToJson();
        Assert.Equal(["evaluations.knnK: 20 → 200"], StudyPlan.Differences(saved, other));
    }
}

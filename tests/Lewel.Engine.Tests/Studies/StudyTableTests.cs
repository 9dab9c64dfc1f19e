using Lewel.Engine.Studies;

namespace Lewel.Engine.Tests.Studies;

public class StudyTableTests
{
    [Fact]
    public void Build_SummarisesEachArmPerMetric_AndPairsBaselineWithLewel()
    {
        StudyObservation[] observations =
        [
            new("byol", 1, "knn.top1", 40), new("lewel-b", 1, "knn.top1", 44),
            new("byol", 2, "knn.top1", 42), new("lewel-b", 2, "knn.top1", 45),
            new(StudyTable.RandomInitArm, 1, "knn.top1", 20), new(StudyTable.RandomInitArm, 2, "knn.top1", 22),
            new("lewel-b", 1, "localization.massOnObject", 0.5), new("lewel-b", 2, "localization.massOnObject", 0.6),
        ];
        var table = StudyTable.Build("byol", "lewel-b", observations);
        Assert.Equal(["knn.top1", "localization.massOnObject"], table.Rows.Select(r => r.Metric));
        var knn = table.Rows[0];
        Assert.Equal(["byol", "lewel-b", StudyTable.RandomInitArm], knn.Arms.Select(a => a.Arm));
        Assert.Equal(41, knn.Arm("byol")!.Summary.Mean, 10);
        Assert.Equal(3.5, knn.Difference!.Difference!.Mean, 10);
        var localization = table.Rows[1];
        Assert.Null(localization.Difference); // the baseline has no alignment maps
        Assert.Equal(0.55, localization.Arm("lewel-b")!.Summary.Mean, 10);
    }

    [Fact]
    public void Build_RefusesTheSameNumberTwice() =>
        Assert.Throws<ArgumentException>(() => StudyTable.Build("byol", "lewel-b",
            [new StudyObservation("byol", 1, "knn.top1", 1), new StudyObservation("byol", 1, "knn.top1", 2)]));

    [Fact]
    public void MethodPairs_FromName_PairsEachBaselineWithItsLewelVariant()
    {
        Assert.Equal(("byol", "lewel-b"), MethodPairs.FromName("byol"));
        Assert.Equal(("byol", "lewel-b"), MethodPairs.FromName("lewel-b"));
        Assert.Equal(("mocov2plus", "lewel-m"), MethodPairs.FromName("mocov2plus"));
        Assert.Equal(("mocov2plus", "lewel-m"), MethodPairs.FromName("lewel-m"));
        Assert.Null(MethodPairs.FromName("mocov2"));   // official MoCo v2 has no LEWEL variant
        Assert.Null(MethodPairs.FromName("simclr"));
    }
}

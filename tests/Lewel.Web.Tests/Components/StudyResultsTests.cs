using Bunit;
using Lewel.Engine.Studies;
using Lewel.Web.Components.Studies;
using Lewel.Web.Tests.Components.TestSupport;

namespace Lewel.Web.Tests.Components;

public class StudyResultsTests : MudComponentTest
{
    private static StudyTable Table() => StudyTable.Build("byol", "lewel-b",
    [
        new("byol", 1, "knn.top1", 40), new("lewel-b", 1, "knn.top1", 44),
        new("byol", 2, "knn.top1", 42), new("lewel-b", 2, "knn.top1", 45),
        new("byol", 3, "knn.top1", 41), new("lewel-b", 3, "knn.top1", 46),
        new(StudyTable.RandomInitArm, 1, "knn.top1", 20),
        new("lewel-b", 1, "localization.massOnObject", 0.5),
    ]);

    [Fact]
    public void ResultsTable_ShowsEachArmsMeanWithItsIntervalAndThePairedDifference()
    {
        var table = Table();
        var rendered = Render<StudyResultsTable>(p => p.Add(t => t.Table, table));
        var knn = rendered.Find("tr[data-metric='knn.top1']");
        var cells = knn.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("knn.top1", cells[0]);
        Assert.Equal(table.Rows[0].Arm("byol")!.Summary.Describe(), cells[1]);
        Assert.StartsWith("41 ± ", cells[1]);
        Assert.StartsWith("45 ± ", cells[2]);
        Assert.Equal("20 (n=1, no interval)", cells[3]);
        Assert.StartsWith("+4 ± ", cells[4]); // d = [4, 3, 5]
        Assert.Contains("(n=3)", cells[4]);
        var localization = rendered.Find("tr[data-metric='localization.massOnObject'] td[data-testid='study-difference']");
        Assert.Equal("—", localization.TextContent.Trim());
        Assert.Contains("lewel-b − byol (paired)", rendered.Find("thead").TextContent);
    }

    [Fact]
    public void ResultsTable_WithoutResults_SaysSo() =>
        Assert.Contains("No evaluation has finished yet", Render<StudyResultsTable>(p => p.Add(t => t.Table, StudyTable.Build("byol", "lewel-b", [])))
            .Find("[data-testid='study-no-results']").TextContent);

    [Fact]
    public void DotPlot_DrawsOneDotPerSeedAndArm_AndJoinsEachSeedsPair()
    {
        var table = Table();
        var plot = Render<StudyDotPlot>(p => p.Add(d => d.Table, table).Add(d => d.Row, table.Rows[0]));
        Assert.Equal(3, plot.FindAll("circle[data-arm='byol']").Count);
        Assert.Equal(3, plot.FindAll("circle[data-arm='lewel-b']").Count);
        Assert.Single(plot.FindAll("circle[data-arm='random-init']"));
        var lines = plot.FindAll("line[data-seed]");
        Assert.Equal(["1", "2", "3"], lines.Select(l => l.GetAttribute("data-seed")));
        // The higher value sits higher (smaller y): seed 3's LEWEL dot (46, the maximum) is at the top of the plot.
        var top = plot.FindAll("circle").MinBy(c => double.Parse(c.GetAttribute("cy")!, System.Globalization.CultureInfo.InvariantCulture))!;
        Assert.Equal(("lewel-b", "3"), (top.GetAttribute("data-arm"), top.GetAttribute("data-seed")));
        Assert.Contains("random init", plot.Markup);
    }

    [Fact]
    public void DotPlot_PutsAnArmInTheSameColumnAndColourInEveryPlot()
    {
        var table = Table();
        var knn = Render<StudyDotPlot>(p => p.Add(d => d.Table, table).Add(d => d.Row, table.Rows[0]));
        var localization = Render<StudyDotPlot>(p => p.Add(d => d.Table, table).Add(d => d.Row, table.Rows[1]));
        var lewelInKnn = knn.Find("circle[data-arm='lewel-b']");
        var lewelAlone = localization.Find("circle[data-arm='lewel-b']");
        Assert.Equal(lewelInKnn.GetAttribute("cx"), lewelAlone.GetAttribute("cx"));
        Assert.Equal(lewelInKnn.GetAttribute("fill"), lewelAlone.GetAttribute("fill"));
        Assert.NotEqual(knn.Find("circle[data-arm='byol']").GetAttribute("fill"), lewelInKnn.GetAttribute("fill"));
    }
}

using System.Text.Json;
using Bunit;
using Lewel.Web.Components.Maps;
using Lewel.Web.Runs;
using Lewel.Web.Tests.Components.TestSupport;

namespace Lewel.Web.Tests.Components;

public class MapComparerTests : MudComponentTest
{
    private static MapSnapshotDto Snapshot(long run, int step, int probe, int heads = 2)
    {
        var prefix = $"runs/{run}/maps/{step:D7}/probe{probe}";
        return MapSnapshotDto.From(new Lewel.Data.Entities.MapSnapshotRecord(run, step, probe, probe, heads,
            [.. Enumerable.Range(0, heads).Select(h => $"{prefix}_head{h}.png")], $"{prefix}_original.png", $"{prefix}_view1.png",
            $"{prefix}_view2.png", $"{prefix}_maps.npy", [0, 0, 8, 8], [2, 2, 10, 10], false, true, DateTime.UtcNow));
    }

    private static ComparedRun Run(long id, params int[] steps) =>
        new(id, $"run {id}", StepsPerEpoch: 10, [.. steps.SelectMany(s => new[] { Snapshot(id, s, 0), Snapshot(id, s, 1) })]);

    private IRenderedComponent<MapComparer> Comparer(params ComparedRun[] runs) =>
        Render<MapComparer>(p => p.Add(c => c.Runs, runs));

    private static JsonElement Spec(AngleSharp.Dom.IElement canvas) => JsonDocument.Parse(canvas.GetAttribute("data-spec")!).RootElement;

    [Fact]
    public void TwoRuns_Initially_SwipeTheirLatestSnapshotsOfTheFirstProbeHeadByHead()
    {
        var comparer = Comparer(Run(1, 0, 10), Run(2, 0, 10));

        Assert.Equal("10", comparer.Find("[data-testid=map-comparer]").GetAttribute("data-step"));
        var canvases = comparer.FindAll("canvas[data-testid=comparer-canvas]");
        Assert.Equal(2, canvases.Count);
        var spec = Spec(canvases[1]);
        Assert.Equal("swipe", spec.GetProperty("mode").GetString());
        Assert.Equal(1, spec.GetProperty("head").GetInt32());
        Assert.Equal("/files/runs/1/maps/0000010/probe0_image.png", spec.GetProperty("a").GetProperty("image").GetString());
        Assert.Equal("/files/runs/2/maps/0000010/probe0_maps.npy", spec.GetProperty("b").GetProperty("maps").GetString());
        var boxes = spec.GetProperty("a").GetProperty("boxes");
        Assert.Equal([2f, 2f, 10f, 10f], boxes[1].GetProperty("box").EnumerateArray().Select(v => v.GetSingle()));
        Assert.Equal("fixed", spec.GetProperty("contrast").GetString());
    }

    [Fact]
    public void Difference_WithOneHeadToggledOff_DrawsTheSignedDifferenceOfTheOtherHeadOnly()
    {
        var comparer = Comparer(Run(1, 0, 10), Run(2, 0, 10));
        comparer.FindAll("[data-testid=comparer-mode] .mud-toggle-item").Single(b => b.TextContent.Contains("difference")).Click();
        comparer.Find("[data-testid=comparer-heads] input[data-head='0']").Change(false);

        var canvas = Assert.Single(comparer.FindAll("canvas[data-testid=comparer-canvas]"));
        Assert.Equal(("difference", 1), (Spec(canvas).GetProperty("mode").GetString(), Spec(canvas).GetProperty("head").GetInt32()));
        Assert.Contains("A − B", comparer.Find("[data-testid=comparer-legend]").TextContent);
        Assert.Equal("difference", comparer.Find("[data-testid=map-comparer]").GetAttribute("data-mode"));
    }

    [Fact]
    public void Slider_TouchedByTheUser_StaysWhenNewSnapshotsArrive_UntilFollowLatest()
    {
        var comparer = Comparer(Run(1, 0, 10, 20), Run(2, 0, 10, 20));
        comparer.Find("input[data-testid=comparer-slider]").Input("1");
        Assert.Equal("10", comparer.Find("[data-testid=map-comparer]").GetAttribute("data-step"));

        comparer.Render(p => p.Add(c => c.Runs, [Run(1, 0, 10, 20, 30), Run(2, 0, 10, 20, 30)]));
        Assert.Equal("10", comparer.Find("[data-testid=map-comparer]").GetAttribute("data-step"));

        comparer.Find("[data-testid=comparer-follow]").Click();
        Assert.Equal("30", comparer.Find("[data-testid=map-comparer]").GetAttribute("data-step"));
        comparer.Render(p => p.Add(c => c.Runs, [Run(1, 0, 10, 20, 30, 40), Run(2, 0, 10, 20, 30, 40)]));
        Assert.Equal("40", comparer.Find("[data-testid=map-comparer]").GetAttribute("data-step"));
    }

    [Fact]
    public void ArrowKeys_MoveOneSnapshotAndCountAsTouching()
    {
        var comparer = Comparer(Run(1, 0, 10, 20), Run(2, 0, 10, 20));
        var root = comparer.Find("[data-testid=map-comparer]");
        root.KeyDown("ArrowLeft");
        root.KeyDown("ArrowLeft");
        root.KeyDown("ArrowLeft");
        Assert.Equal("0", comparer.Find("[data-testid=map-comparer]").GetAttribute("data-step"));
        comparer.Find("[data-testid=map-comparer]").KeyDown("ArrowRight");
        Assert.Equal("10", comparer.Find("[data-testid=map-comparer]").GetAttribute("data-step"));
        Assert.Equal("true", comparer.Find("[data-testid=map-comparer]").GetAttribute("data-touched"));
    }

    [Fact]
    public void JumpToEpoch_GoesToTheFirstSnapshotOfThatEpoch_AndNamesAnEpochWithoutOne()
    {
        var comparer = Comparer(Run(1, 0, 5, 12, 25), Run(2, 0, 5, 12, 25));
        comparer.Find("input[data-testid=comparer-jump-epoch]").Change("1");
        comparer.Find("[data-testid=comparer-jump]").Click();
        Assert.Equal("12", comparer.Find("[data-testid=map-comparer]").GetAttribute("data-step")); // epoch 1 starts at step 10

        comparer.Find("input[data-testid=comparer-jump-epoch]").Change("7");
        comparer.Find("[data-testid=comparer-jump]").Click();
        Assert.Contains("no snapshot at or after epoch 7 (step 70)", comparer.Find("[data-testid=comparer-jump-error]").TextContent);
        Assert.Equal("12", comparer.Find("[data-testid=map-comparer]").GetAttribute("data-step"));
    }

    [Fact]
    public void OneRunAtTwoSteps_ComparesTheChosenStepsOfThatRun()
    {
        var comparer = Comparer(Run(1, 0, 10, 20));
        comparer.Find("select[data-testid=comparer-step-b]").Change("10");

        var spec = Spec(comparer.FindAll("canvas[data-testid=comparer-canvas]")[0]);
        Assert.Contains("/0000020/", spec.GetProperty("a").GetProperty("maps").GetString());
        Assert.Contains("/0000010/", spec.GetProperty("b").GetProperty("maps").GetString());
    }

    [Fact]
    public void Grid_ShowsEveryProbeOfEveryRunHeadByHeadAtTheStep()
    {
        var comparer = Comparer(Run(1, 0, 10), Run(2, 0, 10));
        comparer.FindAll("[data-testid=comparer-view] .mud-toggle-item").Single(b => b.TextContent.Contains("probe ×")).Click();

        var cells = comparer.FindAll("canvas[data-testid=grid-canvas]");
        Assert.Equal(2 * 2 * 2, cells.Count); // probes × runs × heads
        Assert.Contains(cells, c => c.GetAttribute("data-run") == "2" && c.GetAttribute("data-probe") == "1" && c.GetAttribute("data-head") == "1");
    }

    [Fact]
    public void ShapeContrast_IsLabelledShapeOnly()
    {
        var comparer = Comparer(Run(1, 0), Run(2, 0));
        comparer.Find("select[data-testid=comparer-contrast]").Change("shape");
        Assert.Contains("shape only", comparer.Find("[data-testid=comparer-legend]").TextContent);
        Assert.Equal("shape", Spec(comparer.FindAll("canvas[data-testid=comparer-canvas]")[0]).GetProperty("contrast").GetString());
    }
}

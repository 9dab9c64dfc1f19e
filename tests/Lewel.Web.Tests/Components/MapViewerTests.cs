using Bunit;
using Lewel.Web.Components.Maps;
using Lewel.Web.Runs;
using Lewel.Web.Tests.Components.TestSupport;

namespace Lewel.Web.Tests.Components;

public class MapViewerTests : MudComponentTest
{
    private static MapSnapshotDto Snapshot(int step, int probe, int heads = 2) => new(step, probe, probe, heads,
        [.. Enumerable.Range(0, heads).Select(h => $"/files/runs/1/maps/{step:D7}/probe{probe}_head{h}.png")],
        $"/files/runs/1/maps/{step:D7}/probe{probe}_original.png", $"/files/runs/1/maps/{step:D7}/probe{probe}_view1.png",
        $"/files/runs/1/maps/{step:D7}/probe{probe}_view2.png", $"/files/runs/1/maps/{step:D7}/probe{probe}_maps.npy",
        [0, 0, 8, 8], [2, 2, 10, 10], false, true, DateTime.UtcNow);

    private static List<MapSnapshotDto> Steps(params int[] steps) => [.. steps.SelectMany(s => new[] { Snapshot(s, 0), Snapshot(s, 1) })];

    [Fact]
    public void MapViewer_Initially_ShowsTheLatestStepOfTheFirstProbe()
    {
        var viewer = Render<MapViewer>(p => p.Add(v => v.Snapshots, Steps(10, 0, 5)));
        Assert.Equal("step 10 · 3/3", viewer.Find("[data-testid=step-label]").TextContent.Trim());
        var shown = viewer.Find("[data-testid=probe-snapshot]");
        Assert.Equal("10", shown.GetAttribute("data-step"));
        Assert.Equal("0", shown.GetAttribute("data-probe"));
        Assert.Equal(2, viewer.FindAll("img[data-testid=head-png]").Count);
        Assert.Contains("view 2 (flipped)", shown.TextContent);
    }

    [Fact]
    public void StepSlider_MovedToTheFirstPosition_ShowsTheFirstStepsImages()
    {
        var viewer = Render<MapViewer>(p => p.Add(v => v.Snapshots, Steps(0, 5, 10)));
        viewer.Find("input[type=range]").Input("0");
        viewer.WaitForAssertion(() => Assert.Equal("0", viewer.Find("[data-testid=probe-snapshot]").GetAttribute("data-step")));
        Assert.Contains("/0000000/probe0_head0.png", viewer.Find("img[data-testid=head-png]").GetAttribute("src"));
        Assert.Equal("step 0 · 1/3", viewer.Find("[data-testid=step-label]").TextContent.Trim());
    }

    [Fact]
    public void MapViewer_NewSnapshotWhileFollowing_MovesToIt()
    {
        var viewer = Render<MapViewer>(p => p.Add(v => v.Snapshots, Steps(0, 5)));
        viewer.Render(p => p.Add(v => v.Snapshots, Steps(0, 5, 10)));
        Assert.Equal("10", viewer.Find("[data-testid=probe-snapshot]").GetAttribute("data-step"));
    }

    [Fact]
    public void MapViewer_NewSnapshotAfterTheUserMovedBack_StaysOnTheChosenStep()
    {
        var viewer = Render<MapViewer>(p => p.Add(v => v.Snapshots, Steps(0, 5, 10)));
        viewer.Find("input[type=range]").Input("1");
        viewer.WaitForAssertion(() => Assert.Equal("5", viewer.Find("[data-testid=probe-snapshot]").GetAttribute("data-step")));

        viewer.Render(p => p.Add(v => v.Snapshots, Steps(0, 5, 10, 15)));

        Assert.Equal("5", viewer.Find("[data-testid=probe-snapshot]").GetAttribute("data-step"));
        Assert.Equal("step 5 · 2/4", viewer.Find("[data-testid=step-label]").TextContent.Trim());
    }

    [Fact]
    public void MapViewer_ClickOnAHead_AsksForThatHeadOfTheShownSnapshot()
    {
        MapViewer.HeadRequest? requested = null;
        var viewer = Render<MapViewer>(p => p
            .Add(v => v.Snapshots, Steps(0, 5))
            .Add(v => v.OnOpenHead, (MapViewer.HeadRequest r) => requested = r));
        viewer.Find("button[data-head='1']").Click();
        Assert.NotNull(requested);
        Assert.Equal(1, requested.Head);
        Assert.Equal(5, requested.Snapshot.Step);
    }

    [Fact]
    public void MapViewer_WithoutSnapshots_ShowsTheEmptyText()
    {
        var viewer = Render<MapViewer>(p => p.Add(v => v.Snapshots, []).Add(v => v.EmptyText, "Baselines have no alignment maps."));
        Assert.Contains("Baselines have no alignment maps.", viewer.Find("[data-testid=empty-state]").TextContent);
        Assert.Empty(viewer.FindAll("[data-testid=step-slider]"));
    }
}

using System.Text.Json;
using Bunit;
using Lewel.Data.Entities;
using Lewel.Web.Components.Maps;
using Lewel.Web.Runs;
using Lewel.Web.Tests.Components.TestSupport;
using MudBlazor;

namespace Lewel.Web.Tests.Components;

public class HeadMapStripTests : MudComponentTest
{
    private static readonly MapSnapshotDto Snapshot = MapSnapshotDto.From(new MapSnapshotRecord(3, 40, 1, 7, 2,
        ["runs/3/maps/0000040/probe1_head0.png", "runs/3/maps/0000040/probe1_head1.png"], "runs/3/maps/0000040/probe1_original.png",
        "runs/3/maps/0000040/probe1_view1.png", "runs/3/maps/0000040/probe1_view2.png", "runs/3/maps/0000040/probe1_maps.npy",
        [0, 0, 8, 8], [2, 2, 10, 10], false, false, DateTime.UtcNow));

    [Fact]
    public void Strip_DrawsEachHeadOverThePlainImage_AndAClickOpensThatHeadsFullSheet()
    {
        var dialogs = Render<MudDialogProvider>();
        var strip = Render<HeadMapStrip>(p => p.Add(s => s.Snapshot, Snapshot));

        var canvases = strip.FindAll("canvas[data-testid=head-canvas]");
        Assert.Equal(2, canvases.Count);
        var spec = JsonDocument.Parse(canvases[1].GetAttribute("data-spec")!).RootElement;
        Assert.Equal(("single", 1), (spec.GetProperty("mode").GetString(), spec.GetProperty("head").GetInt32()));
        Assert.Equal("/files/runs/3/maps/0000040/probe1_image.png", spec.GetProperty("a").GetProperty("image").GetString());

        strip.Find("button[data-head='1']").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("/files/runs/3/maps/0000040/probe1_head1_all.png",
            dialogs.Find("img[data-testid=head-all-maps]").GetAttribute("src")));
        Assert.Equal("/files/runs/3/maps/0000040/probe1_head1.png", dialogs.Find("img[data-testid=head-all-maps]").GetAttribute("data-fallback-src"));
    }
}

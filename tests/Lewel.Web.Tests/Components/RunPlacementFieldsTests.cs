using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using Lewel.Web.Components.Forms;
using Lewel.Web.Tests.Components.TestSupport;
using Lewel.Web.Workers;
using MudBlazor;

namespace Lewel.Web.Tests.Components;

/// <summary>The new-run page's placement fields: the registered workers to choose from, a GPU index and sharing, the
/// server's refusal shown at its field, and the launch fields they add to the body.</summary>
public class RunPlacementFieldsTests : MudComponentTest
{
    private static WorkerDto Worker(string id, string status, params string[] devices) =>
        new(id, id, 1, ["cpu-2-normal"], devices, JsonDocument.Parse("[]").RootElement, DateTime.UtcNow, DateTime.UtcNow, status, []);

    [Fact]
    public async Task ChoosingAWorkerAndAGpu_ChangesThePlacement_AndTheServersRefusalShowsAtItsField()
    {
        var placement = RunPlacement.Anywhere;
        var workers = new[] { Worker("gpu-box-1", WorkerDto.Live, "cpu", "cuda:0", "cuda:1"), Worker("old-box", WorkerDto.Lost, "cpu") };
        var fields = Render<RunPlacementFields>(p => p
            .Add(f => f.Value, placement)
            .Add(f => f.Workers, workers)
            .Add(f => f.ValueChanged, (RunPlacement v) => placement = v));

        var select = fields.FindComponent<MudSelect<string>>();
        await fields.InvokeAsync(() => select.Instance.OpenMenu());
        var items = Popovers.WaitForElements(".mud-popover .mud-list-item");
        Assert.Equal(["any worker of the run's queue", "gpu-box-1 (live, cpu, cuda:0, cuda:1)", "old-box (lost, cpu)"],
            items.Select(i => i.TextContent.Trim()));
        items[1].Click();
        fields.WaitForAssertion(() => Assert.Equal("gpu-box-1", placement.Worker));

        fields.Render(p => p.Add(f => f.Value, placement));
        fields.Find("input[data-testid=launch-gpu]").Change("1");
        fields.WaitForAssertion(() => Assert.Equal(1, placement.Gpu));
        Assert.Equal("gpu-box-1", placement.Worker);

        fields.Render(p => p.Add(f => f.Value, placement).Add(f => f.ServerErrors,
            new Dictionary<string, string[]> { ["gpu"] = ["worker 'gpu-box-1' has no GPU 5 (it has cuda:0, cuda:1)"] }));
        Assert.Contains("worker 'gpu-box-1' has no GPU 5", fields.Find("[data-testid=run-placement]").TextContent);
    }

    [Fact]
    public void WriteTo_AddsOnlyWhatDiffersFromAnywhere()
    {
        var plain = new JsonObject();
        RunPlacement.Anywhere.WriteTo(plain);
        Assert.Empty(plain);

        var placed = new JsonObject();
        new RunPlacement("gpu-box-1", 0, ShareGpu: true).WriteTo(placed);
        Assert.Equal("""{"worker":"gpu-box-1","gpu":0,"shareGpu":true}""", placed.ToJsonString());
    }
}

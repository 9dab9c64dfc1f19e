using Lewel.Bench.Report;

namespace Lewel.Bench.Tests.Report;

public class GpuSectionsTests
{
    private static readonly string GpuDir = Path.Combine(ResultsFile.Directory, "gpu");

    [Fact]
    public void RenderAnchor_RecordedGpuCheck_HasOneRowPerConfiguration()
    {
        var text = GpuSections.RenderAnchor(GpuDir);
        Assert.Contains("NVIDIA H200", text);
        Assert.Contains("| anchor-r50 | lewel-b | resnet50 ×1 | 224 | 64 |", text);
        Assert.Contains("| anchor-r18 | byol | resnet18 ×1 | 32 | 256 |", text);
    }

    [Fact]
    public void RenderTorchSharp_RecordedProbe_QuotesItsResult() =>
        Assert.Contains("RESULT: TorchSharp", GpuSections.RenderTorchSharp(GpuDir));

    [Fact]
    public void Render_NoFiles_SaysNotMeasured()
    {
        var empty = Directory.CreateTempSubdirectory().FullName;
        Assert.StartsWith("Not measured yet", GpuSections.RenderAnchor(empty));
        Assert.StartsWith("Not attempted yet", GpuSections.RenderTorchSharp(empty));
    }
}

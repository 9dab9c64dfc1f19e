using Lewel.Bench.Reference;

namespace Lewel.Bench.Tests.Reference;

public class ReferenceLineTests
{
    [Fact]
    public void Parse_SnakeCaseLine_ReadsEveryField()
    {
        var line = ReferenceLine.Parse("""
            {"reference": "pytorch", "torch": "2.11.0", "device": "NVIDIA H200", "label": "x", "method": "byol", "arch": "resnet18",
             "width": 0.25, "image_size": 32, "batch": 128, "steps": 30, "warmup": 5, "median_step_s": 0.05, "mean_step_s": 0.06,
             "images_per_s": 2560.0, "phases_median_s": {"backward": 0.01}, "loss_first": 3.9, "loss_last": 1.9, "peak_rss_mb": 1500,
             "cuda_peak_allocated_mb": 510.5, "nosync_images_per_s": 2700.0}
            """);
        Assert.Equal(("byol", 0.25, 32, 128), (line.Method, line.Width, line.ImageSize, line.Batch));
        Assert.Equal(0.05, line.MedianStepS);
        Assert.Equal(0.01, line.PhasesMedianS["backward"]);
        Assert.Equal(510.5, line.CudaPeakAllocatedMb);
        Assert.Equal(2700.0, line.NosyncImagesPerS);
        Assert.Null(line.Error);
    }

    [Fact]
    public void ToMeasurement_ErrorLine_ThrowsWithTheError()
    {
        var line = ReferenceLine.Parse("""{"method": "lewel-b", "error": "RuntimeError: out of memory"}""");
        var e = Assert.Throws<InvalidOperationException>(() => PythonReference.ToMeasurement(line, "cfg"));
        Assert.Contains("out of memory", e.Message);
    }
}

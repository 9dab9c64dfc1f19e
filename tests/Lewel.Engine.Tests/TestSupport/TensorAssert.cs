using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.TestSupport;

/// <summary>Assertions on tensors with a message that says where and by how much they differ.</summary>
public static class TensorAssert
{
    public static void Close(Tensor expected, Tensor actual, double tolerance = 1e-5, string what = "tensor")
    {
        Assert.Equal(expected.shape, actual.shape);
        using var e = expected.detach().to(ScalarType.Float64).cpu();
        using var a = actual.detach().to(ScalarType.Float64).cpu();
        using var diff = (e - a).abs();
        using var scale = e.abs().clamp_min(1.0);
        using var relative = diff / scale;
        var worst = relative.max().item<double>();
        Assert.True(worst <= tolerance, $"{what}: largest (relative) difference {worst:G4} exceeds {tolerance:G4}");
    }

    public static void Close(double[] expected, Tensor actual, double tolerance = 1e-5, string what = "tensor")
    {
        var values = Values(actual);
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(expected[i] - values[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"{what}[{i}]: expected {expected[i]:G8}, got {values[i]:G8}");
    }

    public static void NotClose(Tensor expected, Tensor actual, double margin = 1e-3, string what = "tensor")
    {
        using var diff = (expected.detach().to(ScalarType.Float64) - actual.detach().to(ScalarType.Float64)).abs();
        Assert.True(diff.max().item<double>() > margin, $"{what}: expected a difference above {margin:G3}, the tensors agree");
    }

    public static double[] Values(Tensor tensor)
    {
        using var t = tensor.detach().to(ScalarType.Float64).cpu().contiguous().flatten();
        return t.data<double>().ToArray();
    }
}

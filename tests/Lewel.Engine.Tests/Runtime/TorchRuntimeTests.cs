using Lewel.Engine.Runtime;
using TorchSharp;

namespace Lewel.Engine.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void LibtorchLoadsAndComputesAMatrixProduct()
    {
        Assert.True(TorchRuntime.Loaded, TorchRuntime.Diagnosis);
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, b.data<float>().ToArray());
    }

    [Fact]
    public void TheShimBesideTheTestsHasNoStrongGlibcxx332Requirement()
    {
        var shim = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        Assert.True(File.Exists(shim), $"{shim} is missing");
        Assert.False(TorchRuntime.NeedsStrongGlibcxx332(shim));
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("cpu")]
    [InlineData("CPU")]
    public void CpuResolvesToTheCpu_AutoToTheGpuWhenThereIsOne(string spec)
    {
        var expected = spec == "auto" && TorchRuntime.CudaAvailable ? DeviceType.CUDA : DeviceType.CPU;
        Assert.Equal(expected, DeviceSelector.Resolve(spec).type);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public void AskingForAGpuThatIsNotThereIsAClearError_OneThatIsThereResolves(string spec)
    {
        var index = spec.Contains(':') ? int.Parse(spec[(spec.IndexOf(':') + 1)..]) : 0;
        if (TorchRuntime.CudaDeviceCount > index)
        {
            Assert.Equal(DeviceType.CUDA, DeviceSelector.Resolve(spec).type);
            return;
        }
        var error = Assert.Throws<DeviceUnavailableException>(() => DeviceSelector.Resolve(spec));
        Assert.Contains(TorchRuntime.CudaAvailable ? "cuda" : "CUDA is not available", error.Message);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void MalformedDevicesAreRejectedByName(string spec)
    {
        var error = Assert.Throws<DeviceUnavailableException>(() => DeviceSelector.Resolve(spec));
        Assert.Contains(spec, error.Message);
        Assert.NotNull(DeviceSelector.SyntaxError(spec));
    }
}

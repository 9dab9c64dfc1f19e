using Lewel.Engine.Models.Backbones;
using Lewel.Engine.Runtime;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Runtime;

public class OneDnnTests
{
    [Fact]
    public void ANetworksFirstCpuForward_TurnsOneDnnOffForTheProcess()
    {
        Assert.NotNull(OneDnn.Enabled); // the switch is readable in this libtorch
        using var net = ResNet.Create("resnet18", 0.0625, "small", 1);
        using var output = net.call(randn(2, 3, 16, 16));
        Assert.False(OneDnn.Enabled);
        Assert.NotNull(OneDnn.DisabledBecause);
        Assert.Contains("oneDNN", OneDnn.DisabledBecause);
    }
}

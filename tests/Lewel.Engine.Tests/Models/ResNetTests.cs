using Lewel.Engine.Runtime;
using Lewel.Engine.Models.Backbones;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Models;

public class ResNetTests
{
    // torchvision resnet18().state_dict() keys without fc (torchvision 0.14).
    private const string TorchvisionResNet18Keys =
        "conv1.weight bn1.weight bn1.bias bn1.running_mean bn1.running_var bn1.num_batches_tracked layer1.0.conv1.weight layer1.0.bn1.weight layer1.0.bn1.bias layer1.0.bn1.running_mean layer1.0.bn1.running_var layer1.0.bn1.num_batches_tracked layer1.0.conv2.weight layer1.0.bn2.weight layer1.0.bn2.bias layer1.0.bn2.running_mean layer1.0.bn2.running_var layer1.0.bn2.num_batches_tracked layer1.1.conv1.weight layer1.1.bn1.weight layer1.1.bn1.bias layer1.1.bn1.running_mean layer1.1.bn1.running_var layer1.1.bn1.num_batches_tracked layer1.1.conv2.weight layer1.1.bn2.weight layer1.1.bn2.bias layer1.1.bn2.running_mean layer1.1.bn2.running_var layer1.1.bn2.num_batches_tracked layer2.0.conv1.weight layer2.0.bn1.weight layer2.0.bn1.bias layer2.0.bn1.running_mean layer2.0.bn1.running_var layer2.0.bn1.num_batches_tracked layer2.0.conv2.weight layer2.0.bn2.weight layer2.0.bn2.bias layer2.0.bn2.running_mean layer2.0.bn2.running_var layer2.0.bn2.num_batches_tracked layer2.0.downsample.0.weight layer2.0.downsample.1.weight layer2.0.downsample.1.bias layer2.0.downsample.1.running_mean layer2.0.downsample.1.running_var layer2.0.downsample.1.num_batches_tracked layer2.1.conv1.weight layer2.1.bn1.weight layer2.1.bn1.bias layer2.1.bn1.running_mean layer2.1.bn1.running_var layer2.1.bn1.num_batches_tracked layer2.1.conv2.weight layer2.1.bn2.weight layer2.1.bn2.bias layer2.1.bn2.running_mean layer2.1.bn2.running_var layer2.1.bn2.num_batches_tracked layer3.0.conv1.weight layer3.0.bn1.weight layer3.0.bn1.bias layer3.0.bn1.running_mean layer3.0.bn1.running_var layer3.0.bn1.num_batches_tracked layer3.0.conv2.weight layer3.0.bn2.weight layer3.0.bn2.bias layer3.0.bn2.running_mean layer3.0.bn2.running_var layer3.0.bn2.num_batches_tracked layer3.0.downsample.0.weight layer3.0.downsample.1.weight layer3.0.downsample.1.bias layer3.0.downsample.1.running_mean layer3.0.downsample.1.running_var layer3.0.downsample.1.num_batches_tracked layer3.1.conv1.weight layer3.1.bn1.weight layer3.1.bn1.bias layer3.1.bn1.running_mean layer3.1.bn1.running_var layer3.1.bn1.num_batches_tracked layer3.1.conv2.weight layer3.1.bn2.weight layer3.1.bn2.bias layer3.1.bn2.running_mean layer3.1.bn2.running_var layer3.1.bn2.num_batches_tracked layer4.0.conv1.weight layer4.0.bn1.weight layer4.0.bn1.bias layer4.0.bn1.running_mean layer4.0.bn1.running_var layer4.0.bn1.num_batches_tracked layer4.0.conv2.weight layer4.0.bn2.weight layer4.0.bn2.bias layer4.0.bn2.running_mean layer4.0.bn2.running_var layer4.0.bn2.num_batches_tracked layer4.0.downsample.0.weight layer4.0.downsample.1.weight layer4.0.downsample.1.bias layer4.0.downsample.1.running_mean layer4.0.downsample.1.running_var layer4.0.downsample.1.num_batches_tracked layer4.1.conv1.weight layer4.1.bn1.weight layer4.1.bn1.bias layer4.1.bn1.running_mean layer4.1.bn1.running_var layer4.1.bn1.num_batches_tracked layer4.1.conv2.weight layer4.1.bn2.weight layer4.1.bn2.bias layer4.1.bn2.running_mean layer4.1.bn2.running_var layer4.1.bn2.num_batches_tracked";

    [Theory]
    [InlineData("resnet18", 11_176_512, 120)]
    [InlineData("resnet34", 21_284_672, 216)]
    [InlineData("resnet50", 23_508_032, 318)]
    public void ParameterCount_WidthOneImageNetStem_EqualsTorchvisionWithoutFc(string backbone, long parameters, int stateKeys)
    {
        using var net = ResNet.Create(backbone, 1.0, "imagenet", 1);
        Assert.Equal(parameters, net.parameters().Sum(p => p.numel()));
        Assert.Equal(stateKeys, net.state_dict().Count);
    }

    [Fact]
    public void StateDictKeys_ResNet18_EqualTorchvisionKeys()
    {
        using var net = new ResNet(ResNetSpec.ResNet18, width: 0.125);
        var expected = TorchvisionResNet18Keys.Split(' ').Order(StringComparer.Ordinal);
        Assert.Equal(expected, net.state_dict().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StateDictKeys_ResNet50_HaveBottleneckNamesAndShortcutInFirstBlockOfEveryStage()
    {
        using var net = new ResNet(ResNetSpec.ResNet50, width: 0.0625);
        var keys = net.state_dict().Keys.ToHashSet();
        foreach (var key in new[] { "layer1.0.conv3.weight", "layer1.0.bn3.running_var", "layer1.0.downsample.0.weight",
                     "layer2.0.downsample.1.num_batches_tracked", "layer3.5.bn2.weight", "layer4.2.conv3.weight" })
            Assert.Contains(key, keys);
        Assert.DoesNotContain("layer1.1.downsample.0.weight", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("fc.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("resnet18", 1.0, 512)]
    [InlineData("resnet18", 0.0625, 32)]
    [InlineData("resnet18", 0.3, 154)]   // round(512 · 0.3) = 153.6 → 154
    [InlineData("resnet50", 0.25, 512)]
    [InlineData("resnet50", 0.0001, 4)]  // at least one plane, times the expansion
    public void OutChannels_WidthMultiplier_RoundsAndStaysPositive(string backbone, double width, int channels)
    {
        Assert.Equal(channels, ResNetSpec.Get(backbone).OutChannels(width));
        using var net = ResNet.Create(backbone, width, "small", 1);
        Assert.Equal(channels, net.OutChannels);
    }

    [Theory]
    [InlineData("small", 1, 32, 4)]
    [InlineData("small", 2, 32, 5)]
    [InlineData("small", 1, 16, 2)]
    [InlineData("imagenet", 1, 64, 2)]
    [InlineData("imagenet", 1, 224, 7)]
    public void Forward_ReturnsTheLastStageMapOfThePredictedSize(string stem, int padding, int imageSize, int mapSize)
    {
        Assert.Equal(mapSize, ResNetSpec.FinalMapSize(imageSize, ResNetStems.Parse(stem), padding));
        if (imageSize > 64) return; // the arithmetic suffices; keep the test fast
        using var net = ResNet.Create("resnet18", 0.0625, stem, padding);
        using var output = net.call(randn(2, 3, imageSize, imageSize));
        Assert.Equal(new long[] { 2, 32, mapSize, mapSize }, output.shape);
    }

    [Theory]
    [InlineData("resnet18", 0.0625, false)]
    [InlineData("resnet18", 0.125, false)]
    [InlineData("resnet18", 0.25, true)]
    [InlineData("resnet18", 0.3, false)]
    [InlineData("resnet18", 0.5, true)]
    [InlineData("resnet18", 1.0, true)]
    [InlineData("resnet50", 0.125, false)]
    [InlineData("resnet50", 0.25, true)]
    public void OnTheCpu_OneDnnOnlyWhenEveryConvolutionHasAMultipleOf16Channels_AndActivationsStayNchw(string backbone, double width, bool keeps)
    {
        Assert.Equal(keeps, CpuLayoutRule.KeepsOneDnn(ResNetSpec.Get(backbone), width));
        using var net = ResNet.Create(backbone, width, "small", 1);
        Assert.Equal(keeps, net.KeepsOneDnn);
        // The rule's channel list covers every convolution the network holds (weights are [out, in, k, k]; the stem's 3
        // input channels are not counted).
        var held = net.named_modules().Where(m => m.module is Conv2d)
            .SelectMany(m => m.name == "conv1" ? [((Conv2d)m.module).weight!.shape[0]] : ((Conv2d)m.module).weight!.shape.Take(2))
            .Select(c => (int)c).ToHashSet();
        Assert.Subset(CpuLayoutRule.ConvolutionChannels(ResNetSpec.Get(backbone), width).ToHashSet(), held);
        using var channelsLastInput = randn(2, 3, 16, 16).permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        using var output = net.call(channelsLastInput); // a 2 × 2 map: its strides tell the layout
        Assert.True(output.is_contiguous());
    }

    /// <summary>float64 convolutions never run on oneDNN, so they are the reference for the float32 kernels the network
    /// runs with. With oneDNN on everywhere, the float32 gradients were off by 30–200 % (and NaN) at widths 1/16 and 1/8
    /// (NCHW) and wrong at widths 0.3, 0.75 and 1 (channels-last) on an AVX-512 EPYC. In this test process a narrow
    /// network has usually turned oneDNN off already (the switch is process-wide), so the wide widths are checked each in
    /// a fresh process too, by tests/Lewel.Cli.Tests/KernelCheckTests.cs.</summary>
    [Theory]
    [InlineData(0.0625)]
    [InlineData(0.125)]
    [InlineData(0.25)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Backward_OnTheCpu_AgreesWithFloat64(double width)
    {
        var check = KernelCheck.BackboneGradients(width);
        Assert.True(check.Passed, $"float32 gradients off by {check.WorstError:g3} of the largest element ({check.WorstParameter}, oneDNN {(check.OneDnnOn ? "on" : "off")})");
    }

    [Fact]
    public void SmallStem_IsA3x3Stride1ConvWithoutMaxPool()
    {
        using var net = ResNet.Create("resnet18", 0.25, "small", 2);
        Assert.Equal(new long[] { 16, 3, 3, 3 }, net.state_dict()["conv1.weight"].shape);
        using var imagenet = ResNet.Create("resnet18", 0.25, "imagenet", 1);
        Assert.Equal(new long[] { 16, 3, 7, 7 }, imagenet.state_dict()["conv1.weight"].shape);
    }

    [Fact]
    public void Init_ConvsAreKaimingNormalFanOut_BatchNormsAreOneAndZero()
    {
        using var net = new ResNet(ResNetSpec.ResNet18, width: 1.0);
        var weight = net.state_dict()["layer4.1.conv2.weight"];          // 512 × 512 × 3 × 3
        var expectedStd = Math.Sqrt(2.0 / (512 * 9));                    // fan_out = out channels × kernel area
        Assert.InRange(weight.std().item<float>(), expectedStd * 0.97, expectedStd * 1.03);
        Assert.InRange(Math.Abs(weight.mean().item<float>()), 0, expectedStd * 0.02);
        foreach (var (name, module) in net.named_modules())
        {
            if (module is not BatchNorm2d bn) continue;
            Assert.True(bn.weight!.eq(1).all().item<bool>(), $"{name}.weight is not all ones");
            Assert.True(bn.bias!.eq(0).all().item<bool>(), $"{name}.bias is not all zeros");
        }
    }

    [Fact]
    public void Forward_GradientReachesTheStem()
    {
        using var net = ResNet.Create("resnet18", 0.0625, "small", 1);
        using var output = net.call(randn(2, 3, 16, 16));
        output.square().mean().backward();
        var grad = net.state_dict()["conv1.weight"].grad;
        Assert.NotNull(grad);
        Assert.True(grad!.abs().sum().item<float>() > 0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Constructor_NonPositiveWidth_Throws(double width)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ResNet(ResNetSpec.ResNet18, width));
        Assert.Equal("width", error.ParamName);
    }

    [Fact]
    public void Create_UnknownBackbone_NamesTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => ResNet.Create("resnet101", 1, "small", 1));
        Assert.Contains("resnet101", error.Message);
        Assert.Contains("resnet50", error.Message);
    }
}

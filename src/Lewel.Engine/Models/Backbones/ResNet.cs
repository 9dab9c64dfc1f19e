using Lewel.Engine.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Models.Backbones;

/// <summary>A ResNet-18/34/50 without avgpool and fc: returns the last stage's map [B, C, H', W'] (lewel-method.md §3,
/// §10.18). Field names equal torchvision's, so state-dict keys match (<c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1</c>,
/// <c>layer2.0.downsample.0</c>, ...). Init as torchvision: Kaiming-normal fan_out for convs, BN weight 1 and bias 0,
/// no zero-init of the last BN of each block (§4.1).</summary>
public sealed class ResNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly bool maxPool;

    public ResNetSpec Spec { get; }
    public ResNetStem Stem { get; }
    public double Width { get; }
    /// <summary>C, the channels of the returned map.</summary>
    public int OutChannels { get; }
    /// <summary>Whether this network may run on oneDNN's CPU kernels (<see cref="CpuLayoutRule"/>); when not, its first CPU
    /// forward pass turns them off for the process.</summary>
    public bool KeepsOneDnn { get; }
    /// <summary>Sub-batches whose BN statistics are computed separately in training (<see cref="SplitBatchNorm2d"/>);
    /// 1 is plain BatchNorm2d.</summary>
    public int BnSplits { get; }

    public ResNet(ResNetSpec spec, double width = 1.0, ResNetStem stem = ResNetStem.ImageNet, int stemPadding = 1, int bnSplits = 1)
        : base(spec.Id)
    {
        if (bnSplits <= 0)
            throw new ArgumentOutOfRangeException(nameof(bnSplits), bnSplits, "the number of BN splits must be positive");
        if (!(width > 0) || double.IsInfinity(width))
            throw new ArgumentOutOfRangeException(nameof(width), width, "the width multiplier must be a positive number");
        if (stem == ResNetStem.Small && stemPadding is < 0 or > 3)
            throw new ArgumentOutOfRangeException(nameof(stemPadding), stemPadding, "the small stem's padding must be 0–3 (1 or 2 in practice)");
        Spec = spec;
        Stem = stem;
        Width = width;
        KeepsOneDnn = CpuLayoutRule.KeepsOneDnn(spec, width);
        BnSplits = bnSplits;

        var stemChannels = ResNetSpec.Planes(64, width);
        conv1 = stem == ResNetStem.ImageNet
            ? nn.Conv2d(3, stemChannels, kernel_size: 7, stride: 2, padding: 3, bias: false)
            : nn.Conv2d(3, stemChannels, kernel_size: 3, stride: 1, padding: stemPadding, bias: false);
        bn1 = Norm2d.Create(stemChannels, bnSplits);
        maxPool = stem == ResNetStem.ImageNet;

        var channels = stemChannels;
        layer1 = Stage(spec, ref channels, ResNetSpec.Planes(64, width), spec.BlocksPerStage[0], stride: 1, bnSplits);
        layer2 = Stage(spec, ref channels, ResNetSpec.Planes(128, width), spec.BlocksPerStage[1], stride: 2, bnSplits);
        layer3 = Stage(spec, ref channels, ResNetSpec.Planes(256, width), spec.BlocksPerStage[2], stride: 2, bnSplits);
        layer4 = Stage(spec, ref channels, ResNetSpec.Planes(512, width), spec.BlocksPerStage[3], stride: 2, bnSplits);
        OutChannels = channels;

        RegisterComponents();
        Initialize();
    }

    public static ResNet Create(string backbone, double width, string stem, int stemPadding, int bnSplits = 1) =>
        new(ResNetSpec.Get(backbone), width, ResNetStems.Parse(stem), stemPadding, bnSplits);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        if (input.device_type == DeviceType.CPU)
        {
            // Before the network's first CPU convolution (CpuLayoutRule: oneDNN is wrong for these channel counts).
            if (!KeepsOneDnn && !OneDnn.Settled) OneDnn.DisableOnTheCpu(CpuLayoutRule.Reason(Spec, Width));
            input = input.contiguous();
        }
        var x = bn1.call(conv1.call(input)).relu_();
        if (maxPool)
            x = nn.functional.max_pool2d(x, kernel_size: 3, stride: 2, padding: 1);
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>The 1×1 conv + BN shortcut torchvision adds when a block changes stride or width; null otherwise.</summary>
    internal static Sequential? Shortcut(int inChannels, int outChannels, int stride, int bnSplits = 1) =>
        stride == 1 && inChannels == outChannels
            ? null
            : nn.Sequential(
                ("0", nn.Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: false)),
                ("1", Norm2d.Create(outChannels, bnSplits)));

    private static Sequential Stage(ResNetSpec spec, ref int channels, int planes, int blocks, int stride, int bnSplits)
    {
        var stage = nn.Sequential();
        for (var i = 0; i < blocks; i++)
        {
            nn.Module<Tensor, Tensor> block = spec.Bottleneck
                ? new Bottleneck(channels, planes, i == 0 ? stride : 1, bnSplits)
                : new BasicBlock(channels, planes, i == 0 ? stride : 1, bnSplits);
            stage.append(i.ToString(System.Globalization.CultureInfo.InvariantCulture), block);
            channels = planes * spec.Expansion;
        }
        return stage;
    }

    private void Initialize()
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d bn:
                    nn.init.ones_(bn.weight);
                    nn.init.zeros_(bn.bias);
                    break;
            }
        }
    }
}

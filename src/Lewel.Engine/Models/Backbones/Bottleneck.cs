using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lewel.Engine.Models.Backbones;

/// <summary>torchvision's Bottleneck (ResNet-50, "v1.5": the stride sits on the 3×3 conv): 1×1 → 3×3 → 1×1 with a
/// 4× channel expansion and a shortcut.</summary>
public sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    public const int Expansion = 4;

    private readonly Conv2d conv1;
    private readonly nn.Module<Tensor, Tensor> bn1;
    private readonly Conv2d conv2;
    private readonly nn.Module<Tensor, Tensor> bn2;
    private readonly Conv2d conv3;
    private readonly nn.Module<Tensor, Tensor> bn3;
    private readonly Sequential? downsample;

    public Bottleneck(int inChannels, int planes, int stride, int bnSplits = 1) : base(nameof(Bottleneck))
    {
        conv1 = nn.Conv2d(inChannels, planes, kernel_size: 1, bias: false);
        bn1 = Norm2d.Create(planes, bnSplits);
        conv2 = nn.Conv2d(planes, planes, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn2 = Norm2d.Create(planes, bnSplits);
        conv3 = nn.Conv2d(planes, planes * Expansion, kernel_size: 1, bias: false);
        bn3 = Norm2d.Create(planes * Expansion, bnSplits);
        downsample = ResNet.Shortcut(inChannels, planes * Expansion, stride, bnSplits);
        RegisterComponents();
    }

    // See BasicBlock.forward: a scope per block, ReLUs in place.
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var output = bn1.call(conv1.call(input)).relu_();
        output = bn2.call(conv2.call(output)).relu_();
        output = bn3.call(conv3.call(output));
        var identity = downsample is null ? input : downsample.call(input);
        return output.add_(identity).relu_().MoveToOuterDisposeScope();
    }
}
